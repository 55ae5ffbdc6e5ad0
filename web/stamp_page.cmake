# Writes index.html with the build's extra table origins in its Content-Security-Policy
# (cmake -P). -DTEMPLATE= -DOUT= -DORIGINS=" https://a https://b" (empty: the site's own only).
file(READ ${TEMPLATE} _page)
string(REPLACE "@EMBX_TABLE_ORIGINS@" "${ORIGINS}" _page "${_page}")
file(WRITE ${OUT}.tmp "${_page}")
file(RENAME ${OUT}.tmp ${OUT})
