// Embind functions for opening a Hugging Face model folder in the page (a dropped folder, or
// its files): explorer.js lists the files, then answers each byte range FolderTableLoader asks
// for with File.slice(), so only the tokenizer, the headers and the embedding tensor are read.
// The table replaces the current one only once it is complete; on any error the current
// table stays.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <memory>
#include <string>
#include <vector>

#include "core/display_text.hpp"
#include "formats/folder_table.hpp"
#include "formats/model_folder.hpp"
#include "platform/web/web_shell.hpp"

namespace {

using emscripten::val;

std::unique_ptr<embx::FolderTableLoader> g_folder;
std::string g_folder_name;
std::vector<uint8_t> g_stage;

val fail(std::string why) {  // a copy: `why` may be the loader's own error, freed here
    g_folder.reset();
    embx::platform::web_app().notice(why);
    val r = val::object();
    r.set("ok", false);
    r.set("error", embx::escape_for_display(why));
    return r;
}

// {ok, done, file, offset, length, bytesRead, bytesPlanned} for the next read, or the result.
val next_step() {
    embx::FolderTableLoader& l = *g_folder;
    if (l.failed()) return fail(l.error());
    val r = val::object();
    r.set("ok", true);
    r.set("bytesRead", double(l.bytes_read()));
    r.set("bytesPlanned", double(l.bytes_planned()));
    if (auto req = l.next()) {
        r.set("done", false);
        r.set("file", req->file);
        r.set("offset", double(req->offset));
        r.set("length", double(req->length));
        return r;
    }
    auto table = l.table();
    if (!table || table->rows() == 0) return fail(g_folder_name + ": no rows found");
    embx::platform::web_settle_scans();
    std::string notice = "opened " + g_folder_name + ": " + std::to_string(table->rows()) + " rows x " +
                         std::to_string(table->dims()) + " dims";
    if (!l.notes().empty()) notice += " (" + l.notes().back() + ")";
    embx::platform::web_session().adopt(table, notice);
    embx::platform::web_app().notice(notice);
    r.set("done", true);
    r.set("rows", double(table->rows()));
    r.set("dims", table->dims());
    val notes = val::array();
    for (const auto& n : l.notes()) notes.call<void>("push", embx::escape_for_display(n));
    r.set("notes", notes);
    g_folder.reset();
    return r;
}

// files: JSON [{path, size}] with paths relative to the dropped folder's parent.
val folder_begin(std::string name, std::string files_json) {
    embx::Expected<std::vector<embx::FolderFile>> files = embx::parse_folder_file_list(files_json);
    if (!files) return fail("internal: " + files.error());
    embx::ImportOptions opt;  // int8 rows, as every table the page loads
    opt.memory_limit = embx::platform::web_heap_room();
    g_folder_name = name;
    g_folder = std::make_unique<embx::FolderTableLoader>(name, std::move(*files), opt);
    return next_step();
}

val folder_stage(int n) {
    // Grown, never shrunk: a resize after a smaller chunk would zero the bytes JavaScript is
    // about to overwrite (for a model, gigabytes of memset).
    const size_t want = size_t(n > 0 ? n : 0);
    if (g_stage.size() < want) g_stage.resize(want);
    return val(emscripten::typed_memory_view(want, g_stage.data()));
}

val folder_deliver(int n) {
    if (!g_folder) return fail("no model folder is being opened");
    if (n < 0 || size_t(n) > g_stage.size()) return fail("internal: bad chunk size");
    (void)g_folder->deliver(g_stage.data(), size_t(n));  // a failure is reported by next_step()
    return next_step();
}

void folder_cancel() { g_folder.reset(); }

}  // namespace

EMSCRIPTEN_BINDINGS(embx_folder_load) {
    emscripten::function("folderBegin", &folder_begin);
    emscripten::function("folderStage", &folder_stage);
    emscripten::function("folderDeliver", &folder_deliver);
    emscripten::function("folderCancel", &folder_cancel);
}
