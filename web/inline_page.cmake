# Builds the single-file explorer (cmake -P): one HTML page with the CSS, the wasm module
# (embedded as base64 by -sSINGLE_FILE), explorer.js and the text view's scripts inlined, so it
# opens from file:// on a USB stick. Variables: STYLE, MODULE_JS, EXPLORER_JS, TEXT_VIEW_JS (files
# in load order, separated by |), OUT.
file(READ "${STYLE}" style)
file(READ "${MODULE_JS}" module_js)
file(READ "${EXPLORER_JS}" explorer_js)
# "</script" inside inline code would end the element early.
string(REPLACE "</script" "<\\/script" module_js "${module_js}")
string(REPLACE "</script" "<\\/script" explorer_js "${explorer_js}")
# Its Content-Security-Policy allows exactly these inline scripts and this style, by their
# SHA-256 (a CSP source is the base64 of the digest; CMake gives hex).
function(csp_hash text out)
  string(SHA256 hex "${text}")
  set(abc "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
  set(b64 "")
  foreach(i RANGE 0 59 6)  # 30 bytes as 10 groups of 3 bytes = 4 characters
    string(SUBSTRING "${hex}" ${i} 6 group)
    math(EXPR v "0x${group}")
    foreach(shift 18 12 6 0)
      math(EXPR c "(${v} >> ${shift}) & 63")
      string(SUBSTRING "${abc}" ${c} 1 ch)
      string(APPEND b64 "${ch}")
    endforeach()
  endforeach()
  string(SUBSTRING "${hex}" 60 4 group)  # the last 2 bytes: 3 characters and a pad
  math(EXPR v "0x${group} << 2")
  foreach(shift 12 6 0)
    math(EXPR c "(${v} >> ${shift}) & 63")
    string(SUBSTRING "${abc}" ${c} 1 ch)
    string(APPEND b64 "${ch}")
  endforeach()
  set(${out} "'sha256-${b64}='" PARENT_SCOPE)
endfunction()

# (Scripts hashed one by one: JavaScript is full of semicolons, CMake's list separator.)
set(script_hashes "")
foreach(var no_sw module_js explorer_js)
  if(var STREQUAL "no_sw")
    csp_hash("window.EMBX_NO_SERVICE_WORKER = true;" h)
  else()
    csp_hash("\n${${var}}" h)
  endif()
  string(APPEND script_hashes " ${h}")
endforeach()
set(text_view_js "")

string(REPLACE "|" ";" text_view_files "${TEXT_VIEW_JS}")
foreach(f ${text_view_files})
  file(READ "${f}" js)
  string(REPLACE "</script" "<\\/script" js "${js}")
  string(APPEND text_view_js "<script>\n${js}</script>\n")
  csp_hash("\n${js}" h)
  string(APPEND script_hashes " ${h}")
endforeach()
csp_hash("\n${style}" style_hash)
# No server, no network: tables arrive by drag and drop or the file picker. The module decodes
# its wasm from a data: URL.
set(csp "default-src 'none'; script-src${script_hashes} 'wasm-unsafe-eval'; style-src ${style_hash}; img-src data: blob:; connect-src data:; base-uri 'none'; form-action 'none'")
file(WRITE "${OUT}" "<!doctype html>
<html lang=\"en\">
<head>
<meta charset=\"utf-8\">
<meta http-equiv=\"Content-Security-Policy\" content=\"${csp}\">
<title>Embedding Explorer (offline)</title>
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
<link rel=\"icon\" href=\"data:,\">
<style>
${style}</style>
</head>
<body>
<canvas id=\"canvas\" tabindex=\"0\" role=\"application\" aria-label=\"Embedding Explorer, drawn view\" aria-describedby=\"canvas-help\"></canvas>
<p id=\"canvas-help\" class=\"visually-hidden\">The text view shows the same as text. In the drawing, Tab moves between controls, Down moves from a box into its results, Enter follows a result, Escape clears a box; F6 moves to the text view.</p>
<div id=\"boot\" role=\"status\">Loading Embedding Explorer&hellip;</div>
<script>window.EMBX_NO_SERVICE_WORKER = true;</script>
<script>
${module_js}</script>
<script>
${explorer_js}</script>
${text_view_js}</body>
</html>
")
