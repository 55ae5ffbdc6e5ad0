# Emscripten toolchain: emsdk when EMSDK is set (version in emsdk-version.txt), else Debian's
# package (3.1.6, /usr/share/emscripten).
if(DEFINED ENV{EMSDK} AND EXISTS "$ENV{EMSDK}/upstream/emscripten/cmake/Modules/Platform/Emscripten.cmake")
  include("$ENV{EMSDK}/upstream/emscripten/cmake/Modules/Platform/Emscripten.cmake")
elseif(EXISTS "/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake")
  include("/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake")
  # Debian's em++ runs its JS optimizer at link time and needs Debian's acorn from
  # /usr/share/nodejs (node itself may come from elsewhere): set it for every link.
  set(CMAKE_CXX_LINKER_LAUNCHER env NODE_PATH=/usr/share/nodejs)
  set(CMAKE_C_LINKER_LAUNCHER env NODE_PATH=/usr/share/nodejs)
else()
  message(FATAL_ERROR "No Emscripten found: run scripts/bootstrap.sh (Debian package emscripten) "
                      "or set EMSDK to an emsdk checkout")
endif()
