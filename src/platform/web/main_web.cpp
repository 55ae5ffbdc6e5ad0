// Web shell: GLFW on a WebGL2 canvas through Emscripten, the ImGui frame loop (set up and drawn
// by platform/gl/imgui_shell, shared with the desktop shell), and the Embind API that
// web/embx.js wraps as window.embx. Table bytes arrive from JavaScript (fetch stream
// or a dropped file) and go straight into the shared TableSession.
#include <emscripten.h>
#include <emscripten/bind.h>
#include <emscripten/heap.h>
#include <emscripten/html5.h>
#include <emscripten/val.h>

#include <GLFW/glfw3.h>

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/explorer_app.hpp"
#include "io/whole_file.hpp"
#include "platform/gl/imgui_shell.hpp"
#include "platform/gl/point_cloud_gl.hpp"
#include "platform/web/key_taps_web.hpp"
#include "platform/web/scan_threads_web.hpp"
#include "platform/web/web_shell.hpp"
#include "app/table_session.hpp"
#include "app/theme.hpp"
#include "core/display_text.hpp"
#include "core/tokenizer/unicode_text.hpp"

namespace {

using emscripten::val;

EM_JS(void, open_file_picker, (), { Module.openFilePicker(); });
EM_JS(void, open_folder_picker, (), { Module.openFolderPicker(); });
EM_JS(void, open_model_picker, (), { Module.openModelPicker(); });
EM_JS(void, load_builtin_js, (const char* file), { Module.loadBuiltin(UTF8ToString(file)); });
EM_JS(void, retry_load_js, (), { Module.retryLoad(); });
// The Classroom's training corpora: explorer.js fetches the built-in one or reads a chosen
// file and hands the text back through corpusStage/corpusCommit (or corpusFailed).
EM_JS(void, fetch_corpus_js, (const char* name), { Module.fetchCorpus(UTF8ToString(name)); });
EM_JS(void, open_corpus_file_js, (), { Module.openCorpusFile(); });
// Exports become downloads (explorer.js makes a Blob and clicks a link).
EM_JS(void, save_file_js, (const char* name, const char* mime, const char* data, int n), {
    Module.saveFile(UTF8ToString(name), UTF8ToString(mime), HEAPU8.slice(data, data + n));
});
// Called right after a frame is drawn, while the WebGL drawing buffer still holds it.
EM_JS(void, save_canvas_png_js, (const char* name), { Module.saveCanvasPng(UTF8ToString(name)); });

std::string g_pending_png;  // a PNG export waits for the end of the frame

embx::app::PlatformHooks web_hooks() {
    embx::app::PlatformHooks h;
    h.open_file = [] { open_file_picker(); };
    h.open_folder = [] { open_folder_picker(); };
    h.open_model_folder = [](bool) { open_model_picker(); };  // the tab's int8 switch is read back
    h.forward_pool = &embx::platform::web_forward_pool();
    h.builtin_tables = {{"glove-6b-100d.embx", "GloVe 6B 100d (words)"},
                        {"qwen-tokens-sg64.embx", "Qwen2 tokens (trained here)"}};
    h.load_builtin = [](const std::string& file) { load_builtin_js(file.c_str()); };
    h.open_text_files = &embx::platform::web_open_text_files;
    h.graph_export.save_file = [](const std::string& name, const std::string& mime, const std::string& bytes) {
        save_file_js(name.c_str(), mime.c_str(), bytes.data(), int(bytes.size()));
    };
    h.graph_export.save_png = [](const std::string& name) { g_pending_png = name; };
    h.point_cloud = &embx::platform::point_cloud_draw;
    h.retry_load = [] { retry_load_js(); };
    h.scan_pool = &embx::platform::web_scan_pool();
    h.set_clipboard = &embx::platform::web_set_clipboard;
    h.background_threads = embx::platform::web_has_threads();
    h.fetch_corpus = [](const std::string& name) { fetch_corpus_js(name.c_str()); };
    h.open_corpus_file = [] { open_corpus_file_js(); };
    // Two training threads at most: the page's worker pool holds 2 scan threads, t-SNE's and 2 training.
    h.training_threads = embx::platform::web_has_threads() ? 2 : 1;
    return h;
}

struct WebShell {
    GLFWwindow* window = nullptr;
    embx::app::TableSession session;
    // The file picker is a hidden <input type=file> in index.html; explorer.js streams the
    // chosen file back through loadBegin/loadStage/loadCommit.
    embx::app::ExplorerApp app{session, web_hooks()};
    std::vector<uint8_t> stage;  // JavaScript copies each fetched chunk here
    std::string font;
    double scale = 0;  // device pixel ratio the UI is currently rasterized for
    uint64_t frames = 0;
    double frame_cpu_ms = 0;  // building the last frame's draw lists (GL submission excluded)
    std::string clipboard;    // the last text ImGui copied
};

WebShell* g_shell = nullptr;  // the Emscripten main loop takes a plain function

double now_seconds() { return emscripten_get_now() / 1000.0; }

// The canvas backbuffer follows its CSS size times the device pixel ratio, and the UI is
// scaled by that ratio (fonts re-rasterized), so text is sharp on HiDPI screens. GLFW reports
// window size and mouse positions in backbuffer pixels, so everything stays consistent.
void sync_canvas_size() {
    double css_w = 0, css_h = 0;
    emscripten_get_element_css_size("#canvas", &css_w, &css_h);
    const double dpr = std::clamp(emscripten_get_device_pixel_ratio(), 1.0, 4.0);
    if (dpr != g_shell->scale) {
        g_shell->scale = dpr;
        embx::platform::imgui_shell_set_scale(g_shell->font, float(dpr));
    }
    const int want_w = int(css_w * dpr + 0.5), want_h = int(css_h * dpr + 0.5);
    int w = 0, h = 0;
    glfwGetWindowSize(g_shell->window, &w, &h);
    // Not glfwSetWindowSize: Emscripten 3.1.6's GLFW takes a size equal to the screen's as a
    // request for fullscreen (and leaves the canvas as it was), which browser zoom or an F11
    // window easily hits. Resizing the canvas reaches GLFW through its resize listener.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
    if (want_w != w || want_h != h) emscripten_set_canvas_size(want_w, want_h);
#pragma clang diagnostic pop
}

void frame() {
    const double t0 = emscripten_get_now();
    sync_canvas_size();
    glfwPollEvents();
    embx::platform::imgui_shell_build([] {
        embx::platform::key_taps_after_new_frame();
        g_shell->app.frame();
    });
    g_shell->frame_cpu_ms = emscripten_get_now() - t0;  // the app's CPU work, GL excluded
    int w = 0, h = 0;
    embx::platform::imgui_shell_draw(g_shell->window, w, h);
    if (!g_pending_png.empty()) {
        save_canvas_png_js(g_pending_png.c_str());
        g_pending_png.clear();
    }
    ++g_shell->frames;
}

// --- Embind API (wrapped by web/embx.js) ------------------------------------------------------

val result_ok() {
    val r = val::object();
    r.set("ok", true);
    return r;
}

val result_error(const std::string& message) {
    val r = val::object();
    r.set("ok", false);
    r.set("error", embx::escape_for_display(message));
    return r;
}

// Room left in the wasm heap for a new table: the 4 GB ceiling minus what is in use (the
// current table stays loaded while a replacement arrives), minus headroom for the UI.
uint64_t heap_room() {
    const uint64_t max = emscripten_get_heap_max();
    const uint64_t top = uint64_t(reinterpret_cast<uintptr_t>(sbrk(0)));
    const uint64_t free_in_heap = uint64_t(mallinfo().fordblks);
    const uint64_t used = top > free_in_heap ? top - free_in_heap : top;
    constexpr uint64_t kHeadroom = 96ull << 20;
    return max > used + kHeadroom ? max - used - kHeadroom : 1;
}

// Tables change only while no search runs on the scan threads (the Search tab's background
// scan of a big table reads rows that appending could move).
void settle_scans() { embx::platform::web_scan_pool().wait(); }

void load_begin(std::string name, double total_bytes) {
    settle_scans();
    g_shell->session.set_memory_available(heap_room());
    g_shell->session.begin(std::move(name), uint64_t(total_bytes > 0 ? total_bytes : 0), now_seconds());
}

// A view of a staging buffer of n bytes that JavaScript fills with `view.set(chunk)`.
val load_stage(int n) {
    const size_t want = size_t(n > 0 ? n : 0);  // grown, never shrunk (no zeroing per chunk)
    if (g_shell->stage.size() < want) g_shell->stage.resize(want);
    return val(emscripten::typed_memory_view(want, g_shell->stage.data()));
}

val load_commit(int n) {
    settle_scans();
    if (n < 0 || size_t(n) > g_shell->stage.size()) return result_error("internal: bad chunk size");
    if (!g_shell->session.loading()) return result_error(g_shell->session.last_error());
    if (!g_shell->session.feed(g_shell->stage.data(), size_t(n), now_seconds()))
        return result_error(g_shell->session.last_error());
    return result_ok();
}

val load_finish() {
    settle_scans();
    if (!g_shell->session.finish(now_seconds())) return result_error(g_shell->session.last_error());
    return result_ok();
}

void load_abort(std::string why) {
    settle_scans();
    g_shell->session.abort(why);
}

val hits_result(const embx::Expected<std::vector<embx::app::NamedHit>>& r) {
    if (!r) return result_error(r.error());
    val list = val::array();
    for (size_t i = 0; i < r->size(); ++i) {
        val hit = val::object();
        // The word itself (a JavaScript string holds any UTF-8 word, invisible characters
        // included), accepted back as input; bytes that are not UTF-8 as their \xNN escapes,
        // which are accepted back too. `display`: as the canvas shows it.
        const auto& h = (*r)[i];
        hit.set("word", embx::first_invalid_utf8(h.raw) == std::string_view::npos ? h.raw : h.word);
        hit.set("display", h.word);
        hit.set("score", h.score);
        list.set(i, hit);
    }
    val out = result_ok();
    out.set("results", list);
    return out;
}

val neighbors(std::string word, int k) { return hits_result(g_shell->app.neighbors(word, k)); }

val query(std::string expression, int k, std::string method) {
    return hits_result(g_shell->app.query(expression, k, method));
}

val info() {
    val out = val::object();
    const auto& t = g_shell->session.active();
    out.set("rows", t ? double(t->rows()) : 0.0);
    out.set("dims", t ? int(t->dims()) : 0);
    out.set("dtype", t ? std::string(embx::dtype_name(t->dtype())) : std::string());
    out.set("name", t ? embx::escape_for_display(t->info().name) : std::string());
    out.set("totalRows", t ? double(t->info().expected_rows) : 0.0);
    out.set("complete", t ? t->complete() : false);
    out.set("loading", g_shell->session.loading());
    out.set("error", embx::escape_for_display(g_shell->session.last_error()));
    const auto p = g_shell->session.progress();
    out.set("bytes", double(p.bytes));
    out.set("totalBytes", double(p.total_bytes));
    out.set("frames", double(g_shell->frames));
    out.set("frameCpuMs", g_shell->frame_cpu_ms);
    out.set("textInput", ImGui::GetIO().WantTextInput);  // a text box in the canvas has the keyboard
    out.set("threads", int(embx::platform::web_scan_pool().threads()));
    out.set("heapBytes", double(reinterpret_cast<uintptr_t>(sbrk(0))));  // the wasm memory in use (its top)
    // What is allocated now: the top less the free bytes malloc holds (the top never comes down).
    out.set("heapInUse", double(reinterpret_cast<uintptr_t>(sbrk(0))) - double(mallinfo().fordblks));
    out.set("tableBytes", g_shell->session.active() ? double(g_shell->session.active()->memory_bytes()) : 0.0);
    out.set("uiScale", embx::app::theme_scale());  // the device pixel ratio: follows browser zoom
    out.set("dark", embx::app::theme_dark());
    out.set("reducedMotion", g_shell->app.reduced_motion());
    return out;
}

void set_query(std::string q) { g_shell->app.set_query(q); }

// Returns false for an unknown tab name (the caller reports it).
bool set_tab(std::string name) {
    auto t = embx::app::tab_from_name(name);
    if (!t) return false;
    g_shell->app.set_tab(*t);
    return true;
}

void set_method(std::string m) {
    g_shell->app.set_method(m == "mul" ? embx::QueryMethod::Mul : embx::QueryMethod::Add);
}

void notice(std::string text) { g_shell->app.notice(text); }

// The view state a link can carry (explorer.js mirrors it into the URL hash).
val view_state() {
    val out = val::object();
    out.set("tab", std::string(embx::app::tab_name(g_shell->app.tab())));
    out.set("q", g_shell->app.query());
    out.set("method", std::string(g_shell->app.method() == embx::QueryMethod::Mul ? "mul" : "add"));
    return out;
}

// What the results list on the canvas shows (tests read the UI back through this).
val visible_results() {
    val list = val::array();
    const auto& r = g_shell->app.visible_results();
    for (size_t i = 0; i < r.size(); ++i) {
        val hit = val::object();
        hit.set("word", r[i].word);
        hit.set("score", r[i].score);
        list.set(i, hit);
    }
    val out = val::object();
    out.set("query", g_shell->app.query());
    out.set("tab", std::string(embx::app::tab_name(g_shell->app.tab())));
    out.set("results", list);
    out.set("error", g_shell->app.visible_error());
    return out;
}

val graph_stats_value(const embx::app::GraphStats& g) {
    val out = val::object();
    out.set("ok", g.error.empty());
    out.set("error", embx::escape_for_display(g.error));
    out.set("nodes", double(g.nodes));
    out.set("edges", double(g.edges));
    out.set("inputs", double(g.inputs));
    out.set("communities", double(g.communities));
    val skipped = val::array();
    for (size_t i = 0; i < g.skipped.size(); ++i) skipped.set(i, embx::escape_for_display(g.skipped[i]));
    out.set("skipped", skipped);
    out.set("tokenizer", g.tokenizer ? "table" : "words");  // who split the sentence
    val tokens = val::array();
    for (size_t i = 0; i < g.tokens.size(); ++i) tokens.set(i, g.tokens[i]);  // already escaped
    out.set("tokens", tokens);
    out.set("settled", g.settled);
    out.set("iterations", g.iterations);
    out.set("buildMs", g.build_ms);
    out.set("settleMs", g.settle_ms);
    out.set("layoutCpuMs", g.layout_cpu_ms);
    return out;
}

val map_stats_value(const embx::app::MapStats& m) {
    val out = val::object();
    out.set("ok", m.error.empty());
    out.set("error", embx::escape_for_display(m.error));
    out.set("method", m.method);
    out.set("points", double(m.points));
    out.set("dims", m.dims);
    out.set("running", m.running);
    out.set("finished", m.finished);
    out.set("iteration", m.iteration);
    out.set("iterations", m.iterations);
    out.set("kl", m.kl);
    out.set("background", m.background);
    val evr = val::array();
    for (size_t i = 0; i < m.explained_variance_ratio.size(); ++i) evr.set(i, m.explained_variance_ratio[i]);
    out.set("explainedVarianceRatio", evr);
    out.set("computeMs", m.compute_ms);
    out.set("mapFrameCpuMs", m.frame_cpu_ms);
    out.set("highlighted", double(m.highlighted));
    return out;
}

// method "pca" | "tsne"; limit 0 = default (all rows for PCA, 5,000 for t-SNE).
val project(std::string method, int dims, double limit, bool spherize, double perplexity) {
    embx::app::MapRequest r;
    if (method != "pca" && method != "tsne") {
        val out = map_stats_value(g_shell->app.map_stats());
        out.set("ok", false);
        out.set("error", "method must be 'pca' or 'tsne' (got '" + embx::escape_for_display(method) + "')");
        return out;
    }
    r.method = method == "pca" ? embx::app::MapMethod::Pca : embx::app::MapMethod::Tsne;
    r.dims = dims;
    r.limit = limit > 0 ? size_t(limit) : 0;
    r.spherize = spherize;
    r.perplexity = perplexity > 0 ? perplexity : 30;
    return map_stats_value(g_shell->app.project(r));
}
val map_state() { return map_stats_value(g_shell->app.map_stats()); }

// --- Word2Vec training (the Classroom tab) ---------------------------------------------------

std::vector<uint8_t> g_corpus_stage;  // a corpus's text, copied in by JavaScript

val corpus_stage(double n) {
    if (!(n >= 0) || n > double(heap_room())) return val::null();  // JavaScript reports "too big"
    g_corpus_stage.assign(size_t(n), 0);
    return val(emscripten::typed_memory_view(g_corpus_stage.size(), g_corpus_stage.data()));
}

void corpus_commit(std::string name) {
    std::string text(g_corpus_stage.begin(), g_corpus_stage.end());
    std::vector<uint8_t>().swap(g_corpus_stage);
    g_shell->app.corpus_arrived(name, std::move(text));
}

void corpus_failed(std::string name, std::string why) { g_shell->app.corpus_failed(name, why); }

// Options were checked and given defaults by explorer.js (numbers, booleans, a word list).
val train_start(val o) {
    embx::app::TrainRequest r;
    embx::train::Word2VecParams& p = r.params;
    p.cbow = o["model"].as<std::string>() != "sg";
    p.size = uint32_t(o["size"].as<double>());
    p.window = uint32_t(o["window"].as<double>());
    p.negative = uint32_t(o["negative"].as<double>());
    p.hs = o["hs"].as<bool>();
    p.sample = o["sample"].as<double>();
    p.min_count = uint64_t(o["minCount"].as<double>());
    p.alpha = o["alpha"].as<double>();
    p.iter = uint32_t(o["iter"].as<double>());
    p.threads = uint32_t(o["threads"].as<double>());
    p.seed = uint64_t(o["seed"].as<double>());
    p.lowercase = o["lowercase"].as<bool>();
    r.watch = emscripten::vecFromJSArray<std::string>(o["watch"]);
    r.corpus = o["corpus"].as<std::string>();
    r.explore = o["explore"].as<bool>();
    if (o["text"].isString()) g_shell->app.corpus_arrived(r.corpus, o["text"].as<std::string>());
    const embx::Status s = g_shell->app.train(r);
    return s ? result_ok() : result_error(s.error());
}

val train_state() {
    embx::app::TrainingSnapshot t;
    g_shell->app.training().fill_snapshot(t);
    val out = val::object();
    out.set("phase", t.phase);
    out.set("corpus", t.corpus);
    out.set("selected", t.selected);
    out.set("model", t.model);
    out.set("pending", t.pending);
    out.set("error", t.error);
    out.set("exploredTable", t.explored_table);
    out.set("vocabulary", double(t.vocabulary));
    out.set("corpusWords", double(t.corpus_words));
    out.set("wordsDone", double(t.words_done));
    out.set("wordsTotal", double(t.words_total));
    out.set("fraction", t.fraction);
    out.set("wordsPerSecond", t.words_per_second);
    out.set("etaSeconds", t.eta_seconds);
    out.set("seconds", t.seconds);
    out.set("loss", t.loss);
    out.set("meanLoss", t.mean_loss);
    out.set("alpha", t.alpha);
    out.set("background", t.background);
    val curve = val::array();
    for (size_t i = 0; i < t.loss_curve.size(); ++i) curve.set(i, t.loss_curve[i]);
    out.set("lossCurve", curve);
    val watched = val::array();
    for (size_t i = 0; i < t.watched.size(); ++i) {
        val w = val::object();
        w.set("word", t.watched[i].word);
        w.set("known", t.watched[i].known);
        val ns = val::array();
        for (size_t j = 0; j < t.watched[i].neighbours.size(); ++j) {
            val n = val::object();
            n.set("word", t.watched[i].neighbours[j].first);
            n.set("score", t.watched[i].neighbours[j].second);
            ns.set(j, n);
        }
        w.set("neighbours", ns);
        watched.set(i, w);
    }
    out.set("watched", watched);
    return out;
}

void train_pause() { g_shell->app.training().pause(); }
void train_resume() { g_shell->app.training().resume(); }
void train_stop() { g_shell->app.training().stop(); }
bool train_explore() { return g_shell->app.explore_trained_model(); }
val train_explain_step(std::string sentence, int centre) {
    auto r = g_shell->app.training().explain(sentence, centre);
    if (!r) return result_error(r.error());
    val out = result_ok();
    out.set("text", *r);
    return out;
}

bool set_classroom_section(std::string name) { return g_shell->app.set_classroom_section(name); }

val graph(std::string text, int k) { return graph_stats_value(g_shell->app.graph(text, k)); }
val graph_state() { return graph_stats_value(g_shell->app.graph_stats()); }

}  // namespace

embx::app::ExplorerApp& embx::platform::web_app() { return g_shell->app; }
embx::app::TableSession& embx::platform::web_session() { return g_shell->session; }
uint64_t embx::platform::web_heap_room() { return heap_room(); }
void embx::platform::web_settle_scans() { settle_scans(); }

EMSCRIPTEN_BINDINGS(embx_web_api) {
    emscripten::function("graph", &graph);
    emscripten::function("project", &project);
    emscripten::function("mapState", &map_state);
    emscripten::function("graphState", &graph_state);
    emscripten::function("loadBegin", &load_begin);
    emscripten::function("loadStage", &load_stage);
    emscripten::function("loadCommit", &load_commit);
    emscripten::function("loadFinish", &load_finish);
    emscripten::function("loadAbort", &load_abort);
    emscripten::function("neighbors", &neighbors);
    emscripten::function("query", &query);
    emscripten::function("info", &info);
    emscripten::function("setQuery", &set_query);
    emscripten::function("setTab", &set_tab);
    emscripten::function("setMethod", &set_method);
    emscripten::function("notice", &notice);
    emscripten::function("viewState", &view_state);
    emscripten::function("visibleResults", &visible_results);
    emscripten::function("corpusStage", &corpus_stage);
    emscripten::function("corpusCommit", &corpus_commit);
    emscripten::function("corpusFailed", &corpus_failed);
    emscripten::function("trainStart", &train_start);
    emscripten::function("trainState", &train_state);
    emscripten::function("trainPause", &train_pause);
    emscripten::function("trainResume", &train_resume);
    emscripten::function("trainStop", &train_stop);
    emscripten::function("trainExplore", &train_explore);
    emscripten::function("setClassroomSection", &set_classroom_section);
    emscripten::function("trainExplainStep", &train_explain_step);
}

int main() {
    if (!glfwInit()) {
        std::fprintf(stderr, "glfwInit failed\n");
        return 1;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    double css_w = 1024, css_h = 700;
    emscripten_get_element_css_size("#canvas", &css_w, &css_h);
    g_shell = new WebShell();
    g_shell->window = glfwCreateWindow(int(css_w), int(css_h), "Embedding Explorer", nullptr, nullptr);
    if (!g_shell->window) {
        std::fprintf(stderr, "could not create a WebGL2 context\n");
        return 1;
    }
    glfwMakeContextCurrent(g_shell->window);

    embx::platform::imgui_shell_init(g_shell->window, "#version 300 es");
    if (auto font = embx::io::read_whole_file("/fonts/ui.ttf", size_t(64) << 20)) g_shell->font = std::move(*font);  // --embed-file
    else std::fprintf(stderr, "%s (using ImGui's built-in font)\n", font.error().c_str());
    embx::platform::keep_key_taps(g_shell->window);
    // Ctrl+C in an ImGui text field reaches the system clipboard (GLFW's stays in the page);
    // Ctrl+V pastes what was copied here last (reading the system clipboard needs a prompt).
    ImGui::GetIO().SetClipboardTextFn = [](void*, const char* text) {
        g_shell->clipboard = text;
        embx::platform::web_set_clipboard(text);
    };
    ImGui::GetIO().GetClipboardTextFn = [](void*) { return g_shell->clipboard.c_str(); };
    sync_canvas_size();  // applies the theme at the screen's pixel ratio
    emscripten_set_main_loop(frame, 0, false);
    return 0;
}
