# One CTest test per GoogleTest suite, discovered from the program itself, so a new test file
# cannot compile and then never run. (gtest_discover_tests would add one test per case: a node
# start-up or an ASan process start each, far slower for the wasm and asan presets.)
#
#   embx_gtest_suites(<target> PREFIX <name prefix> LABELS <label>... [EMULATOR <program>])
#
# After every link, <target> --gtest_list_tests (run by EMULATOR, e.g. node for wasm) is turned
# into tests named <prefix>.<Suite> ('/' in parameterised suite names becomes '.'), each running
# --gtest_filter=<Suite>.*, labelled LABELS, reported as skipped when the program exits 77
# (tests/unit/gtest_main.cpp). Until the first build the list is one failing test saying so.
set(EMBX_GTEST_SUITES_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/GTestSuitesWrite.cmake)

function(embx_gtest_suites target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "PREFIX;EMULATOR" "LABELS")
  if(NOT arg_PREFIX OR NOT arg_LABELS)
    message(FATAL_ERROR "embx_gtest_suites(${target}): PREFIX and LABELS are required")
  endif()
  set(list_file ${CMAKE_CURRENT_BINARY_DIR}/${target}_suites.cmake)
  set(include_file ${CMAKE_CURRENT_BINARY_DIR}/${target}_include.cmake)
  # Labels travel as one argument: ',' instead of ';'.
  string(REPLACE ";" "," labels "${arg_LABELS}")
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${target}> "-DEMULATOR=${arg_EMULATOR}"
            -DPREFIX=${arg_PREFIX} -DLABELS=${labels} -DWORKING_DIRECTORY=${CMAKE_CURRENT_BINARY_DIR}
            -DOUT=${list_file} -P ${EMBX_GTEST_SUITES_SCRIPT}
    COMMENT "Listing the test suites of ${target}"
    VERBATIM)
  # A change to the script relinks, so the list is written again.
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${EMBX_GTEST_SUITES_SCRIPT})
  file(WRITE ${include_file}
"if(EXISTS \"${list_file}\")
  include(\"${list_file}\")
else()
  add_test(${arg_PREFIX}.NOT_BUILT \"${CMAKE_COMMAND}\" -E echo \"${target} has not been built: no suites listed\")
  set_tests_properties(${arg_PREFIX}.NOT_BUILT PROPERTIES WILL_FAIL TRUE)  # echo succeeds: a failure
endif()
")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${include_file})
endfunction()
