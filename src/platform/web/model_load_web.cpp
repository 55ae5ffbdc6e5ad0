// Embind functions for the Context tab: opening a Hugging Face model folder to run it (a
// dropped folder, or its files, read with File.slice exactly where TransformerFolderLoader
// asks), setting the tab's sentences and choices, and hidden() for the JavaScript API. The
// model replaces the current one only once it is whole; on any error the current one stays.
#include <emscripten.h>
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/display_text.hpp"
#include "core/transformer/forward_pass.hpp"
#include "core/transformer/pooling.hpp"
#include "formats/model_folder.hpp"
#include "formats/transformer_folder.hpp"
#include "platform/web/scan_threads_web.hpp"
#include "platform/web/web_shell.hpp"

namespace {

using emscripten::val;
using embx::platform::web_app;

std::unique_ptr<embx::TransformerFolderLoader> g_loader;
std::string g_name;
std::vector<uint8_t> g_stage;

val fail(std::string why) {  // a copy: `why` may be the loader's own error, freed here
    g_loader.reset();
    web_app().context().model_failed(why);
    web_app().notice(why);
    val r = val::object();
    r.set("ok", false);
    r.set("error", embx::escape_for_display(why));
    return r;
}

// {ok, done, file, offset, length, bytesRead, bytesPlanned} for the next read, or the result.
val next_step() {
    embx::TransformerFolderLoader& l = *g_loader;
    if (l.failed()) return fail(l.error());
    val r = val::object();
    r.set("ok", true);
    r.set("bytesRead", double(l.bytes_read()));
    r.set("bytesPlanned", double(l.bytes_planned()));
    web_app().context().model_loading(g_name, l.bytes_read(), l.bytes_planned());
    if (auto req = l.next()) {
        r.set("done", false);
        r.set("file", req->file);
        r.set("offset", double(req->offset));
        r.set("length", double(req->length));
        return r;
    }
    auto model = l.take();
    if (!model) return fail(model.error());
    const embx::TransformerModel& m = **model;
    r.set("done", true);
    r.set("architecture", std::string(embx::architecture_name(m.config.arch)));
    r.set("layers", double(m.config.layers));
    r.set("hidden", double(m.config.hidden));
    r.set("dtype", std::string(m.int8 ? "int8" : "f32"));
    r.set("weightBytes", double(m.weight_bytes()));
    r.set("hasTokenizer", bool(m.tokenizer));
    val notes = val::array();
    for (const auto& n : m.notes) notes.call<void>("push", embx::escape_for_display(n));
    r.set("notes", notes);
    web_app().notice("opened the model " + g_name + " (" + embx::architecture_name(m.config.arch) + ", " +
                     std::to_string(m.config.layers) + " layers)");
    web_app().context().model_arrived(*model);
    g_loader.reset();
    return r;
}

// files: JSON [{path, size}] with paths relative to the dropped folder's parent.
val model_begin(std::string name, std::string files_json, bool int8) {
    embx::Expected<std::vector<embx::FolderFile>> files = embx::parse_folder_file_list(files_json);
    if (!files) return fail("internal: " + files.error());
    g_name = name;
    web_app().context().set_load_int8(int8);
    g_loader = std::make_unique<embx::TransformerFolderLoader>(name, std::move(*files), int8);
    g_loader->set_memory_limit(embx::platform::web_heap_room());
    return next_step();
}

val model_stage(int n) {
    // Grown, never shrunk: a resize after a smaller chunk would zero the bytes JavaScript is
    // about to overwrite (for a 1.5B model, gigabytes of memset).
    const size_t want = size_t(n > 0 ? n : 0);
    if (g_stage.size() < want) g_stage.resize(want);
    return val(emscripten::typed_memory_view(want, g_stage.data()));
}

val model_deliver(int n) {
    if (!g_loader) return fail("no model folder is being opened");
    if (n < 0 || size_t(n) > g_stage.size()) return fail("internal: bad chunk size");
    (void)g_loader->deliver(g_stage.data(), size_t(n));  // a failure is reported by next_step()
    return next_step();
}

void model_cancel() {
    if (!g_loader) return;
    g_loader.reset();
    web_app().context().model_failed("opening " + g_name + " was cancelled");
    g_stage.clear();
    g_stage.shrink_to_fit();
}

// The Context tab's state from JSON: {a, b, pickA, pickB, layer, head, heat: "cosine" |
// "attention", heatSentence: 0 | 1, search: "lines", runSearch: true, int8: bool}. Unknown keys
// are errors.
std::string context_set(std::string json_text) {
    const nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
    if (!j.is_object()) return "context(): give an object";
    embx::app::ContextPanel& c = web_app().context();
    for (const auto& [key, v] : j.items()) {
        if ((key == "a" || key == "b" || key == "search" || key == "heat") && !v.is_string())
            return "context(): " + key + " must be a string";
        if ((key == "pickA" || key == "pickB" || key == "layer" || key == "head" || key == "heatSentence") &&
            !v.is_number_integer())
            return "context(): " + key + " must be an integer";
        if (key == "a") c.set_sentence(0, v.get<std::string>());
        else if (key == "b") c.set_sentence(1, v.get<std::string>());
        else if (key == "layer") c.set_layer(v.get<int>());
        else if (key == "head") c.set_head(v.get<int>());
        else if (key == "heatSentence") c.set_heat_sentence(v.get<int>());
        else if (key == "heat") {
            if (v != "cosine" && v != "attention") return "context(): heat is \"cosine\" or \"attention\"";
            c.set_heat_mode(v == "attention" ? 1 : 0);
        } else if (key == "search") c.set_search_sentences(v.get<std::string>());
        else if (key == "runSearch") c.run_search();
        else if (key == "int8") {
            if (!v.is_boolean()) return "context(): int8 must be true or false";
            c.set_load_int8(v.get<bool>());
        }
        else if (key != "pickA" && key != "pickB") return "context(): unknown key " + key;
    }
    // Picks after the sentences (new sentences reset them); they apply once the tokens are known.
    if (j.contains("pickA")) c.request_pick(0, j["pickA"].get<long>());
    if (j.contains("pickB")) c.request_pick(1, j["pickB"].get<long>());
    return "";
}

// Every layer's hidden states of `text` (or of `ids`, a JSON array, as given), on the calling
// thread: {ok, error, note, tokens: [{id, token}], hidden_states: [layer][token] Float32Array,
// sentence_embedding (sentence-transformers folders), attentions (when asked)}.
val hidden(std::string text, std::string options_json) {
    val r = val::object();
    const auto error = [&](const std::string& why) {
        r.set("ok", false);
        r.set("error", embx::escape_for_display(why));
        return r;
    };
    const auto& model = web_app().context().model();
    if (!model) return error("no model is open: open a model folder on the Context tab (embx.loadModel)");
    const nlohmann::json o = nlohmann::json::parse(options_json.empty() ? "{}" : options_json, nullptr, false);
    if (!o.is_object()) return error("hidden(): options must be an object");
    std::vector<uint32_t> ids;
    std::string note;
    if (o.contains("ids")) {
        if (!o["ids"].is_array()) return error("hidden(): ids must be an array of token ids");
        for (const auto& v : o["ids"]) {
            if (!v.is_number_unsigned() || v.get<uint64_t>() > UINT32_MAX) return error("hidden(): ids must be token ids");
            ids.push_back(v.get<uint32_t>());
        }
    } else {
        auto t = embx::model_text_ids(*model, text, &note);
        if (!t) return error(t.error());
        ids = std::move(*t);
    }
    const bool attentions = o.value("attentions", false);
    // threads: 1, or the forward pool's (2 on a cross-origin isolated page); default: the pool.
    embx::ScanPool& pool = embx::platform::web_forward_pool();
    const int threads = o.contains("threads") && o["threads"].is_number_integer() ? o["threads"].get<int>() : int(pool.threads());
    if (threads < 1 || size_t(threads) > pool.threads())
        return error("hidden(): threads must be 1.." + std::to_string(pool.threads()) + " here");
    const double t0 = emscripten_get_now();
    auto hs = embx::run_transformer(model->config, model->weights, ids, attentions, threads > 1 ? &pool : nullptr);
    const double ms = emscripten_get_now() - t0;
    if (!hs) return error(hs.error());
    std::vector<size_t> layers;
    if (o.contains("layers")) {
        if (!o["layers"].is_array()) return error("hidden(): layers must be an array of layer numbers");
        for (const auto& v : o["layers"]) {
            if (!v.is_number_unsigned() || v.get<uint64_t>() >= hs->layers.size())
                return error("hidden(): layers are 0.." + std::to_string(hs->layers.size() - 1));
            layers.push_back(v.get<size_t>());
        }
    } else {
        for (size_t l = 0; l < hs->layers.size(); ++l) layers.push_back(l);
    }
    const val f32 = val::global("Float32Array");
    const auto floats = [&](const float* p, size_t n) { return f32.new_(emscripten::typed_memory_view(n, p)); };
    val tokens = val::array();
    for (uint32_t id : ids) {
        val t = val::object();
        t.set("id", id);
        t.set("token", embx::escape_for_display(model->token_text(id)));
        tokens.call<void>("push", t);
    }
    val states = val::array();
    for (size_t l : layers) {
        val per_token = val::array();
        for (size_t t = 0; t < hs->tokens; ++t) per_token.call<void>("push", floats(hs->layers[l].data() + t * hs->hidden, hs->hidden));
        states.call<void>("push", per_token);
    }
    r.set("ok", true);
    r.set("error", std::string());
    r.set("note", note);
    r.set("ms", ms);  // the forward pass alone
    r.set("threads", threads);
    r.set("tokens", tokens);
    val layer_list = val::array();
    for (size_t l : layers) layer_list.call<void>("push", double(l));
    r.set("layers", layer_list);
    r.set("hidden_states", states);
    if (model->sentence_transformers()) {
        const std::vector<float> e = embx::pool(*hs, model->pooling, model->normalize);
        r.set("sentence_embedding", floats(e.data(), e.size()));
    }
    if (attentions) {
        val att = val::array();  // [layer - 1] -> Float32Array of heads x tokens x tokens
        for (const auto& a : hs->attentions) att.call<void>("push", floats(a.data(), a.size()));
        r.set("attentions", att);
    }
    return r;
}

bool context_int8() { return web_app().context().load_int8(); }

}  // namespace

EMSCRIPTEN_BINDINGS(embx_model_load) {
    emscripten::function("modelBegin", &model_begin);
    emscripten::function("modelStage", &model_stage);
    emscripten::function("modelDeliver", &model_deliver);
    emscripten::function("modelCancel", &model_cancel);
    emscripten::function("contextSet", &context_set);
    emscripten::function("hidden", &hidden);
    emscripten::function("contextInt8", &context_int8);
}
