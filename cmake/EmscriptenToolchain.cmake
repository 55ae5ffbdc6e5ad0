# Emscripten toolchain: emsdk when EMSDK is set (version in emsdk-version.txt), else Debian's
# package (3.1.6, /usr/share/emscripten).
if(DEFINED ENV{EMSDK} AND EXISTS "$ENV{EMSDK}/upstream/emscripten/cmake/Modules/Platform/Emscripten.cmake")
  include("$ENV{EMSDK}/upstream/emscripten/cmake/Modules/Platform/Emscripten.cmake")
elseif(EXISTS "/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake")
  # Debian's em++ needs its acorn from /usr/share/nodejs at link time.
  if(NOT DEFINED ENV{NODE_PATH})
    set(ENV{NODE_PATH} "/usr/share/nodejs")
  endif()
  include("/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake")
else()
  message(FATAL_ERROR "No Emscripten found: run scripts/bootstrap.sh (Debian package emscripten) "
                      "or set EMSDK to an emsdk checkout")
endif()
