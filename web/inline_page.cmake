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
set(text_view_js "")
string(REPLACE "|" ";" text_view_files "${TEXT_VIEW_JS}")
foreach(f ${text_view_files})
  file(READ "${f}" js)
  string(REPLACE "</script" "<\\/script" js "${js}")
  string(APPEND text_view_js "<script>\n${js}</script>\n")
endforeach()
file(WRITE "${OUT}" "<!doctype html>
<html lang=\"en\">
<head>
<meta charset=\"utf-8\">
<title>Embedding Explorer (offline)</title>
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
<link rel=\"icon\" href=\"data:,\">
<style>
${style}</style>
</head>
<body>
<canvas id=\"canvas\" tabindex=\"0\" role=\"application\" aria-label=\"Embedding Explorer, drawn view\" aria-describedby=\"canvas-help\" oncontextmenu=\"event.preventDefault()\"></canvas>
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
