# Writes the service worker with VERSION set to a hash of the app's files (cmake -P), so that a
# rebuilt site is a new worker that caches the new files as one set. -DTEMPLATE= -DOUT= -DFILES=a|b|c
string(REPLACE "|" ";" _files "${FILES}")
set(_all "")
foreach(f ${_files})
  file(SHA256 ${f} _h)
  string(APPEND _all "${_h}")
endforeach()
string(SHA256 _version "${_all}")
string(SUBSTRING "${_version}" 0 16 _version)
file(READ ${TEMPLATE} _sw)
string(REPLACE "@EMBX_SITE_VERSION@" "${_version}" _sw "${_sw}")
file(WRITE ${OUT}.tmp "${_sw}")
file(RENAME ${OUT}.tmp ${OUT})
