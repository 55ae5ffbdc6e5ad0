# Build-time half of embx_gtest_suites() (GTestSuites.cmake): runs PROGRAM --gtest_list_tests
# and writes OUT, a CTest file with one test per suite. Fails the build if the program cannot
# list its tests or lists none.
foreach(var PROGRAM PREFIX LABELS OUT WORKING_DIRECTORY)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "GTestSuitesWrite.cmake: -D${var}= is required")
  endif()
endforeach()
execute_process(COMMAND ${EMULATOR} ${PROGRAM} --gtest_list_tests
                OUTPUT_VARIABLE listing ERROR_VARIABLE errors RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${EMULATOR} ${PROGRAM} --gtest_list_tests failed (${rc}):\n${listing}\n${errors}")
endif()

# Suite lines start in column one and end with '.', perhaps followed by "  # TypeParam = ...";
# test lines are indented. Semicolons (only in comments) would split the CMake list.
string(REPLACE ";" "" listing "${listing}")
string(REPLACE "\n" ";" lines "${listing}")
string(REPLACE "," ";" labels "${LABELS}")
set(suites)
foreach(line IN LISTS lines)
  if(line MATCHES "^([A-Za-z0-9_/]+)\\.( +#.*)?$")
    list(APPEND suites ${CMAKE_MATCH_1})
  endif()
endforeach()
list(LENGTH suites count)
if(count EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} lists no test suites:\n${listing}")
endif()

set(emulator)
if(EMULATOR)
  set(emulator "\"${EMULATOR}\" ")
endif()
set(text "# Written by GTestSuitesWrite.cmake from ${PROGRAM} --gtest_list_tests: ${count} suites.\n")
foreach(suite IN LISTS suites)
  string(REPLACE "/" "." name "${PREFIX}.${suite}")
  string(APPEND text
    "add_test(${name} ${emulator}\"${PROGRAM}\" \"--gtest_filter=${suite}.*\")\n"
    "set_tests_properties(${name} PROPERTIES LABELS \"${labels}\" SKIP_RETURN_CODE 77"
    " WORKING_DIRECTORY \"${WORKING_DIRECTORY}\")\n")
endforeach()
# Only a changed list touches the file.
file(CONFIGURE OUTPUT "${OUT}" CONTENT "${text}" @ONLY)
