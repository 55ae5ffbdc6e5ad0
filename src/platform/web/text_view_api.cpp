// Embind functions for the page's text view (web/textview.js), an HTML mirror of the UI for
// screen readers, keyboard use, selection and zoom: it polls uiSnapshot() and drives the app
// with the rest. Kept apart from main_web.cpp's loading and query API.
#include <emscripten.h>
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>

#include "app/theme.hpp"
#include "app/ui_snapshot.hpp"
#include "core/display_text.hpp"
#include "platform/web/web_shell.hpp"

namespace {

using emscripten::val;
using embx::platform::web_app;

EM_JS(void, clipboard_write_js, (const char* text), { Module.writeClipboard(UTF8ToString(text)); });

val outcome(const std::string& error) {
    val r = val::object();
    r.set("ok", error.empty());
    r.set("error", embx::escape_for_display(error));
    return r;
}

std::string ui_snapshot() { return embx::app::snapshot_json(web_app().snapshot()); }

void edit_query(std::string text) { web_app().edit_query(text); }
void set_compare_word(std::string text) { web_app().set_compare_word(text); }

bool select_graph_node(double node) { return web_app().select_graph_node(long(node)); }
bool expand_graph_node(double node) { return web_app().expand_graph_node(long(node)); }

bool set_graph_labels(std::string mode) {
    auto l = embx::app::graph_labels_from_name(mode);
    if (l) web_app().set_graph_labels(*l);
    return bool(l);
}

val export_graph(std::string format) { return outcome(web_app().export_graph(format)); }

// The current tab's results as "tsv" or "json", also put on the clipboard.
val copy_results(std::string format) {
    auto text = web_app().copy_results(format);
    val r = outcome(text ? "" : text.error());
    r.set("text", text ? *text : std::string());
    return r;
}

// The table's tokenizer on any text: {ok, error, tokens: [{id, token, visible, text, begin,
// end, added, hasRow}]}. Offsets are UTF-8 byte offsets into the text.
val tokenize(std::string text, bool special) {
    auto rows = web_app().tokenize(text, special);
    val r = outcome(rows ? "" : rows.error());
    val list = val::array();
    if (rows) {
        for (const auto& t : *rows) {
            val o = val::object();
            o.set("id", t.id);
            o.set("token", t.token);
            o.set("visible", t.visible);
            o.set("text", t.text);
            o.set("begin", t.begin);
            o.set("end", t.end);
            o.set("added", t.added);
            o.set("hasRow", t.has_row);
            list.call<void>("push", o);
        }
    }
    r.set("tokens", list);
    return r;
}
bool select_token(double index) { return web_app().select_token(long(index)); }
void set_token_special(bool on) { web_app().set_token_special(on); }

// prefers-color-scheme and prefers-reduced-motion, as explorer.js's media queries report them.
void set_color_scheme(bool dark) { embx::app::set_theme_dark(dark); }
void set_reduced_motion(bool on) { web_app().set_reduced_motion(on); }

}  // namespace

namespace embx::platform {
void web_set_clipboard(const std::string& text) { clipboard_write_js(text.c_str()); }
}  // namespace embx::platform

EMSCRIPTEN_BINDINGS(embx_text_view_api) {
    emscripten::function("uiSnapshot", &ui_snapshot);
    emscripten::function("editQuery", &edit_query);
    emscripten::function("setCompareWord", &set_compare_word);
    emscripten::function("selectGraphNode", &select_graph_node);
    emscripten::function("expandGraphNode", &expand_graph_node);
    emscripten::function("setGraphLabels", &set_graph_labels);
    emscripten::function("exportGraph", &export_graph);
    emscripten::function("copyResults", &copy_results);
    emscripten::function("tokenize", &tokenize);
    emscripten::function("selectToken", &select_token);
    emscripten::function("setTokenSpecial", &set_token_special);
    emscripten::function("setColorScheme", &set_color_scheme);
    emscripten::function("setReducedMotion", &set_reduced_motion);
}
