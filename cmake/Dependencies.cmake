# Third-party code, all from Debian packages (installed by scripts/bootstrap.sh):
# header-only libraries are exposed through a shim folder so a wasm build never sees the
# whole of /usr/include; Dear ImGui, utf8proc and GoogleTest are compiled from source in both
# builds.

# A source package unpacked by bootstrap.sh into its cache (the same path rule as the script):
# sets the cache variable `var` unless the user gave it (-D<var>=...).
function(embx_unpacked_source var name doc)
  if(${var})
    return()
  endif()
  if(DEFINED ENV{EMBX_CACHE_DIR})
    set(dir "$ENV{EMBX_CACHE_DIR}/${name}")
  elseif(DEFINED ENV{XDG_CACHE_HOME})
    set(dir "$ENV{XDG_CACHE_HOME}/embedding-explorer/${name}")
  else()
    set(dir "$ENV{HOME}/.cache/embedding-explorer/${name}")
  endif()
  set(${var} "${dir}" CACHE PATH "${doc}")
endfunction()

# --- Header-only libraries -----------------------------------------------------------------
set(EMBX_SHIM_INCLUDE "${CMAKE_BINARY_DIR}/shim-include")
file(MAKE_DIRECTORY "${EMBX_SHIM_INCLUDE}")
foreach(entry xxhash.h fast_float nlohmann CLI)
  if(NOT EXISTS "/usr/include/${entry}")
    message(FATAL_ERROR "/usr/include/${entry} is missing: run scripts/bootstrap.sh")
  endif()
  if(NOT EXISTS "${EMBX_SHIM_INCLUDE}/${entry}")
    file(CREATE_LINK "/usr/include/${entry}" "${EMBX_SHIM_INCLUDE}/${entry}" SYMBOLIC)
  endif()
endforeach()
add_library(embx_third_party_headers INTERFACE)
target_include_directories(embx_third_party_headers SYSTEM INTERFACE "${EMBX_SHIM_INCLUDE}")

add_library(embx_eigen INTERFACE)
target_include_directories(embx_eigen SYSTEM INTERFACE /usr/include/eigen3)

# --- Dear ImGui (sources) ------------------------------------------------------------------
# Default: the Debian source package unpacked by bootstrap.sh (or $EMBX_IMGUI_DIR); override
# with -DIMGUI_DIR=...
if(DEFINED ENV{EMBX_IMGUI_DIR} AND NOT IMGUI_DIR)
  set(IMGUI_DIR "$ENV{EMBX_IMGUI_DIR}" CACHE PATH "Dear ImGui source checkout (1.86 tested)")
endif()
embx_unpacked_source(IMGUI_DIR imgui "Dear ImGui source checkout (1.86 tested)")
if(EXISTS "${IMGUI_DIR}/imgui.cpp")
  set(EMBX_HAVE_IMGUI ON)
  add_library(embx_imgui STATIC
    ${IMGUI_DIR}/imgui.cpp ${IMGUI_DIR}/imgui_draw.cpp ${IMGUI_DIR}/imgui_tables.cpp
    ${IMGUI_DIR}/imgui_widgets.cpp)
  target_include_directories(embx_imgui SYSTEM PUBLIC ${IMGUI_DIR})
  # No demo window (imgui_demo.cpp, the largest file, is not compiled).
  target_compile_definitions(embx_imgui PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS IMGUI_DISABLE_DEMO_WINDOWS)

  # Platform backends: GLFW + OpenGL3 / WebGL2 (the same two files in both builds); natively
  # only for the desktop app, so a build without it needs no GLFW or GL packages.
  if(EMBX_WEB OR EMBX_BUILD_DESKTOP)
    add_library(embx_imgui_backends STATIC
      ${IMGUI_DIR}/backends/imgui_impl_glfw.cpp ${IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
    target_include_directories(embx_imgui_backends SYSTEM PUBLIC ${IMGUI_DIR}/backends)
    target_link_libraries(embx_imgui_backends PUBLIC embx_imgui)
    if(NOT EMBX_WEB)
      find_package(glfw3 REQUIRED)
      find_package(OpenGL REQUIRED)
      target_link_libraries(embx_imgui_backends PUBLIC glfw OpenGL::GL ${CMAKE_DL_LIBS})
    endif()
  endif()
elseif(EMBX_WEB OR EMBX_BUILD_DESKTOP)
  # The web page and the desktop app (and their tests) are the UI: never drop them silently.
  message(FATAL_ERROR "Dear ImGui sources not found in '${IMGUI_DIR}': the web page and the "
                      "desktop app need them. Run scripts/bootstrap.sh or pass -DIMGUI_DIR=<checkout> "
                      "(natively, -DEMBX_BUILD_DESKTOP=OFF builds without the desktop app).")
else()
  set(EMBX_HAVE_IMGUI OFF)  # asan, fuzz: no UI is built
endif()

# --- utf8proc (sources): Unicode categories and NFC for the tokenizer ----------------------
# The Debian source package unpacked by bootstrap.sh, compiled the same way in both builds;
# override with -DUTF8PROC_DIR=...
embx_unpacked_source(UTF8PROC_DIR utf8proc "utf8proc source checkout (2.8 tested)")
if(NOT EXISTS "${UTF8PROC_DIR}/utf8proc.c")
  message(FATAL_ERROR "utf8proc sources not found in '${UTF8PROC_DIR}': run scripts/bootstrap.sh "
                      "or pass -DUTF8PROC_DIR=<checkout>")
endif()
add_library(embx_utf8proc STATIC ${UTF8PROC_DIR}/utf8proc.c)  # includes utf8proc_data.c itself
target_include_directories(embx_utf8proc SYSTEM PUBLIC ${UTF8PROC_DIR})
target_compile_definitions(embx_utf8proc PUBLIC UTF8PROC_STATIC)
if(EMBX_SANITIZE OR EMBX_FUZZ)
  # utf8proc_map measures its output by decomposing into a NULL buffer (NULL + offset, which
  # clang's UBSan reports on every string): benign in that library, so not checked there.
  target_compile_options(embx_utf8proc PRIVATE -fno-sanitize=pointer-overflow)
endif()

# --- GoogleTest (sources, so the same tests also compile to wasm) ---------------------------
if(EMBX_BUILD_TESTS)
  set(GTEST_SRC /usr/src/googletest/googletest)
  if(NOT EXISTS "${GTEST_SRC}/src/gtest-all.cc")
    message(FATAL_ERROR "GoogleTest sources missing in ${GTEST_SRC}: run scripts/bootstrap.sh")
  endif()
  add_library(embx_gtest STATIC ${GTEST_SRC}/src/gtest-all.cc)  # main(): tests/unit/gtest_main.cpp
  target_include_directories(embx_gtest SYSTEM PUBLIC ${GTEST_SRC}/include PRIVATE ${GTEST_SRC})
  if(NOT EMBX_WEB)
    find_package(Threads REQUIRED)
    target_link_libraries(embx_gtest PUBLIC Threads::Threads)
  endif()
endif()
