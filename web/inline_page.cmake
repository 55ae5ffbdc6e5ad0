# Builds the single-file explorer (cmake -P): one HTML page with the CSS, the wasm module
# (embedded as base64 by -sSINGLE_FILE) and explorer.js inlined, so it opens from file:// on a
# USB stick. Variables: STYLE, MODULE_JS, EXPLORER_JS, OUT.
file(READ "${STYLE}" style)
file(READ "${MODULE_JS}" module_js)
file(READ "${EXPLORER_JS}" explorer_js)
# "</script" inside inline code would end the element early.
string(REPLACE "</script" "<\\/script" module_js "${module_js}")
string(REPLACE "</script" "<\\/script" explorer_js "${explorer_js}")
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
<canvas id=\"canvas\" tabindex=\"0\" aria-label=\"Embedding Explorer\" oncontextmenu=\"event.preventDefault()\"></canvas>
<div id=\"boot\" role=\"status\">Loading Embedding Explorer&hellip;</div>
<script>window.EMBX_NO_SERVICE_WORKER = true;</script>
<script>
${module_js}</script>
<script>
${explorer_js}</script>
</body>
</html>
")
