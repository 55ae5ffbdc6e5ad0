// Embind functions for text files (not tables): the Classroom's TF-IDF documents, and any
// other purpose the app names. explorer.js shows the picker (Module.openTextFiles), reads each
// chosen or dropped file (at most textFileLimit(purpose) + 1 bytes), copies it into the stage
// from textFileStage(n) and hands it over with textFileCommit(purpose, name, n).
#include <emscripten.h>
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>
#include <vector>

#include "core/display_text.hpp"
#include "platform/web/web_shell.hpp"

namespace {

using embx::platform::web_app;
using emscripten::val;

EM_JS(void, open_text_files_js, (const char* purpose), { Module.openTextFiles(UTF8ToString(purpose)); });

std::vector<uint8_t> g_text_stage;

double text_file_limit(std::string purpose) { return double(web_app().text_file_limit(purpose)); }

// A view of n staged bytes for `view.set(bytes)` (explorer.js stages at most the limit + 1).
val text_file_stage(int n) {
    g_text_stage.assign(size_t(n > 0 ? n : 0), 0);
    return val(emscripten::typed_memory_view(g_text_stage.size(), g_text_stage.data()));
}

val text_file_commit(std::string purpose, std::string name, int n) {
    val r = val::object();
    if (n < 0 || size_t(n) > g_text_stage.size()) {
        r.set("ok", false);
        r.set("error", std::string("internal: bad text file size"));
        return r;
    }
    const embx::Status s = web_app().text_file_arrived(
        purpose, name, std::string(reinterpret_cast<const char*>(g_text_stage.data()), size_t(n)));
    std::vector<uint8_t>().swap(g_text_stage);  // a staged file is not kept
    r.set("ok", s.ok());
    r.set("error", embx::escape_for_display(s.error()));
    return r;
}

std::string drop_purpose() { return web_app().drop_purpose(); }
void set_classroom_per_line(bool on) { web_app().set_classroom_per_line(on); }

}  // namespace

namespace embx::platform {
void web_open_text_files(const std::string& purpose) { open_text_files_js(purpose.c_str()); }
}  // namespace embx::platform

EMSCRIPTEN_BINDINGS(embx_text_files) {
    emscripten::function("textFileLimit", &text_file_limit);
    emscripten::function("textFileStage", &text_file_stage);
    emscripten::function("textFileCommit", &text_file_commit);
    emscripten::function("dropPurpose", &drop_purpose);
    emscripten::function("setClassroomPerLine", &set_classroom_per_line);
}
