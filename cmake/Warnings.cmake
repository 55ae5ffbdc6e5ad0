# Warnings for our own targets (not third-party sources). CI builds them as errors
# (scripts/build.sh configures with EMBX_WERROR=ON when CI=true); a user's build with a newer
# compiler only warns.
option(EMBX_WERROR "Treat warnings in our own code as errors" OFF)
function(embx_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wno-unused-parameter)
  if(EMBX_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
