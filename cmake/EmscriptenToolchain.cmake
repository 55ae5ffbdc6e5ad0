# Emscripten toolchain: emsdk when EMSDK is set, else Debian's package (/usr/share/emscripten).
# The version the project is built and tested with is in emsdk-version.txt; another one gets a
# warning (the web shell relies on 3.1.6's GLFW, loader and pthread behaviour, see the
# comments in src/platform/web).
if(DEFINED ENV{EMSDK} AND EXISTS "$ENV{EMSDK}/upstream/emscripten/cmake/Modules/Platform/Emscripten.cmake")
  set(_embx_emscripten_root "$ENV{EMSDK}/upstream/emscripten")
  include("${_embx_emscripten_root}/cmake/Modules/Platform/Emscripten.cmake")
elseif(EXISTS "/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake")
  set(_embx_emscripten_root "/usr/share/emscripten")
  include("${_embx_emscripten_root}/cmake/Modules/Platform/Emscripten.cmake")
  # Debian's em++ runs its JS optimizer at link time and needs Debian's acorn from
  # /usr/share/nodejs (node itself may come from elsewhere): set it for every link.
  set(CMAKE_CXX_LINKER_LAUNCHER env NODE_PATH=/usr/share/nodejs)
  set(CMAKE_C_LINKER_LAUNCHER env NODE_PATH=/usr/share/nodejs)
else()
  message(FATAL_ERROR "No Emscripten found: run scripts/bootstrap.sh (Debian package emscripten) "
                      "or set EMSDK to an emsdk checkout")
endif()

file(STRINGS "${CMAKE_CURRENT_LIST_DIR}/../emsdk-version.txt" _embx_emscripten_expected LIMIT_COUNT 1)
set(_embx_emscripten_found "unknown")
if(EXISTS "${_embx_emscripten_root}/emscripten-version.txt")
  file(STRINGS "${_embx_emscripten_root}/emscripten-version.txt" _embx_emscripten_found LIMIT_COUNT 1)
  string(REPLACE "\"" "" _embx_emscripten_found "${_embx_emscripten_found}")  # emsdk writes it quoted
endif()
if(NOT _embx_emscripten_found STREQUAL _embx_emscripten_expected)
  message(WARNING "Emscripten ${_embx_emscripten_found} in ${_embx_emscripten_root}; this project is built "
                  "and tested with ${_embx_emscripten_expected} (emsdk-version.txt)")
endif()
