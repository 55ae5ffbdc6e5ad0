#include "app/explorer_app.hpp"

#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "app/clock.hpp"
#include "app/result_export.hpp"
#include "app/table_panel.hpp"
#include "app/theme.hpp"
#include "core/display_text.hpp"
#include "core/queries.hpp"
#include "core/search.hpp"

namespace embx::app {

namespace {
const std::vector<NamedHit> kNoHits;
const std::string kNoError;
constexpr Tab kAllTabs[] = {Tab::Search, Tab::Arithmetic, Tab::Vector,    Tab::Tokens, Tab::Context,
                            Tab::Graph,  Tab::Map,        Tab::Classroom, Tab::Table};
}  // namespace

std::string_view tab_name(Tab t) {
    switch (t) {
        case Tab::Search: return "search";
        case Tab::Arithmetic: return "arithmetic";
        case Tab::Vector: return "vector";
        case Tab::Graph: return "graph";
        case Tab::Map: return "map";
        case Tab::Table: return "table";
        case Tab::Classroom: return "classroom";
        case Tab::Tokens: return "tokens";
        case Tab::Context: return "context";
    }
    return "search";
}

std::optional<Tab> tab_from_name(std::string_view name) {
    for (Tab t : kAllTabs)
        if (tab_name(t) == name) return t;
    return std::nullopt;
}

ExplorerApp::ExplorerApp(TableSession& session, PlatformHooks hooks) : session_(session), hooks_(std::move(hooks)) {
    search_.set_scan_pool(hooks_.scan_pool);
    map_.set_background_threads(hooks_.background_threads);
    session_.set_background_threads(hooks_.background_threads);
    arithmetic_.set_scan_pool(hooks_.scan_pool);
}

Expected<std::vector<NamedHit>> ExplorerApp::neighbors(const std::string& word, int k) const {
    const auto& table = session_.active();
    if (!table) return Error{"no table is loaded yet"};
    if (k <= 0) return Error{"k must be at least 1"};
    auto hits = embx::neighbors(*table, word, size_t(k), nullptr, hooks_.scan_pool);
    if (!hits) return Error{hits.error()};
    std::vector<NamedHit> out;
    out.reserve(hits->size());
    for (const Hit& h : *hits)
        out.push_back({escape_for_display(table->word(h.row)), h.score, std::string(table->word(h.row))});
    return out;
}

Expected<std::vector<NamedHit>> ExplorerApp::query(const std::string& expression, int k,
                                                   const std::string& method) const {
    const auto& table = session_.active();
    if (!table) return Error{"no table is loaded yet"};
    if (k <= 0) return Error{"k must be at least 1"};
    if (method != "add" && method != "mul") return Error{"method must be 'add' (3CosAdd) or 'mul' (3CosMul)"};
    QueryOptions opt;
    opt.k = size_t(k);
    opt.method = method == "mul" ? QueryMethod::Mul : QueryMethod::Add;
    opt.pool = hooks_.scan_pool;
    auto r = run_query(*table, expression, opt);
    if (!r) return Error{r.error()};
    std::vector<NamedHit> out;
    for (const Hit& h : r->hits)
        out.push_back({escape_for_display(table->word(h.row)), h.score, std::string(table->word(h.row))});
    return out;
}

GraphStats ExplorerApp::graph(const std::string& text, int k) {
    set_tab(Tab::Graph);
    graph_.build(session_, text, k);
    return graph_.stats();
}

bool ExplorerApp::export_graph_png(const std::string& name) {
    const std::string fallback = graph_.png_name();
    if (tab_ != Tab::Graph || fallback.empty() || !hooks_.graph_export.save_png) return false;
    hooks_.graph_export.save_png(name.empty() ? fallback : name);
    return true;
}

MapStats ExplorerApp::project(const MapRequest& request) {
    set_tab(Tab::Map);
    return map_.project(session_, request);
}

void ExplorerApp::set_tab(Tab t) {
    if (t != tab_) entering_tab(t);
    tab_ = t;
    select_tab_ = true;
    focus_input_ = true;
}

void ExplorerApp::set_query(const std::string& text) {
    switch (tab_) {
        case Tab::Search: search_.search(text); break;
        case Tab::Arithmetic: arithmetic_.set_expression(text); break;
        case Tab::Vector: vector_.set_word(text); break;
        case Tab::Graph:  // a link opened while the table streams in: built once it is complete
            if (session_.active() && !session_.loading()) graph_.build(session_, text, graph_.k(), false);
            else graph_.set_text(text);
            break;
        case Tab::Map: map_.set_highlight(text); break;
        case Tab::Tokens: tokens_.set_text(text); break;
        case Tab::Context: context_.set_sentence(0, text); break;
        case Tab::Table:
        case Tab::Classroom:
            break;
    }
    focus_input_ = true;
}

std::string ExplorerApp::query() const {
    switch (tab_) {
        case Tab::Search: return search_.query();
        case Tab::Arithmetic: return arithmetic_.expression();
        case Tab::Vector: return vector_.word();
        case Tab::Graph: return graph_.text();
        case Tab::Map: return map_.highlight();
        case Tab::Tokens: return tokens_.text();
        case Tab::Context: return context_.sentence(0);
        case Tab::Table:
        case Tab::Classroom:
            return "";
    }
    return "";
}

const std::vector<NamedHit>& ExplorerApp::visible_results() const {
    if (tab_ == Tab::Search) return search_.results();
    if (tab_ == Tab::Arithmetic) return arithmetic_.results();
    return kNoHits;
}

const std::string& ExplorerApp::visible_error() const {
    if (tab_ == Tab::Search) return search_.error();
    if (tab_ == Tab::Arithmetic) return arithmetic_.error();
    return kNoError;
}

void ExplorerApp::frame() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("Embedding Explorer", nullptr, flags);
    tick_training();
    context_.tick(context_hooks(), 30.0);  // without threads: about a layer of a 1.5B model per frame
    draw_header();
    draw_progress();

    const float status_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("tabs", ImVec2(0, -status_h), false);
    if (ImGui::BeginTabBar("main-tabs")) {
        HitsAction followed;
        for (Tab t : kAllTabs) {
            static const char* labels[] = {"Search", "Arithmetic", "Vector", "Graph", "Map", "Table", "Classroom", "Tokens", "Context"};
            const ImGuiTabItemFlags f = select_tab_ && t == tab_ ? ImGuiTabItemFlags_SetSelected : 0;
            if (!ImGui::BeginTabItem(labels[int(t)], nullptr, f)) continue;
            // t is the tab on screen. A programmatic switch shows up a frame later; until then
            // the old tab is drawn as it is. Otherwise a different tab means the user chose it.
            if (t == tab_) select_tab_ = false;
            else if (!select_tab_) {
                entering_tab(t);
                tab_ = t;
                focus_input_ = true;
            }
            const bool focus = focus_input_ && t == tab_;
            if (focus) focus_input_ = false;
            ImGui::Spacing();
            switch (t) {
                case Tab::Search: search_.draw(session_, focus, hooks_.set_clipboard); break;
                case Tab::Arithmetic: followed = arithmetic_.draw(session_, focus, hooks_.set_clipboard); break;
                case Tab::Vector: vector_.draw(session_, focus); break;
                case Tab::Tokens: tokens_.draw(session_, focus, tokens_hooks()); break;
                case Tab::Context: context_.draw(focus, context_hooks()); break;
                case Tab::Graph: graph_.draw(session_, focus, hooks_.graph_export); break;
                case Tab::Map: map_.draw(session_, focus, hooks_.point_cloud); break;
                case Tab::Table:
                    draw_table_panel(session_, hooks_.open_file, hooks_.open_folder, hooks_.builtin_tables,
                                     hooks_.load_builtin);
                    break;
                case Tab::Classroom: draw_classroom(focus); break;
            }
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
        if (!followed.follow.empty()) {  // a word chosen in the arithmetic results: look it up
            set_tab(Tab::Search);
            search_.search(followed.follow);
            if (followed.by_keyboard) {  // Enter: the keyboard stays in the results, now the word's
                focus_input_ = false;
                search_.focus_results();
            }
        }
    }
    ImGui::EndChild();
    draw_status_line();
    ImGui::End();
}

TokensHooks ExplorerApp::tokens_hooks() {
    TokensHooks h;
    for (const auto& [file, label] : hooks_.builtin_tables)
        if (file.find("token") != std::string::npos) h.token_table = {file, label};
    h.load_builtin = hooks_.load_builtin;
    if (hooks_.open_text_files) h.open_tokenizer = [open = hooks_.open_text_files] { open("tokenizer"); };
    h.neighbors = [this](const std::string& word, int k) { return neighbors(word, k); };
    h.graph = [this](const std::string& text) { graph(text, graph_.k()); };
    return h;
}

ContextHooks ExplorerApp::context_hooks() const {
    return {hooks_.open_model_folder, hooks_.background_threads, hooks_.forward_pool};
}

TrainingHooks ExplorerApp::training_hooks() const {
    return {hooks_.fetch_corpus, hooks_.open_corpus_file, hooks_.background_threads, hooks_.training_threads};
}

// Training without a thread runs in UI-frame slices of about 3x the rest of the frame (as
// t-SNE does): fast, yet the page keeps answering.
void ExplorerApp::tick_training() {
    const double frame_ms = double(ImGui::GetIO().DeltaTime) * 1000;
    const double budget = std::clamp(3 * (frame_ms - last_training_slice_ms_), 25.0, 120.0);
    const double t0 = now_ms();
    training_.tick(session_, budget);
    last_training_slice_ms_ = now_ms() - t0;
}

Status ExplorerApp::train(const TrainRequest& request) {
    classroom_word2vec_ = true;
    select_section_ = true;
    return training_.start(request, training_hooks());
}

bool ExplorerApp::set_classroom_section(const std::string& name) {
    if (name != "tfidf" && name != "word2vec") return false;
    classroom_word2vec_ = name == "word2vec";
    select_section_ = true;
    return true;
}

void ExplorerApp::draw_classroom(bool focus) {
    if (!ImGui::BeginTabBar("classroom-sections")) return;
    const bool select = select_section_;
    select_section_ = false;
    if (ImGui::BeginTabItem("TF-IDF", nullptr, select && !classroom_word2vec_ ? ImGuiTabItemFlags_SetSelected : 0)) {
        if (!select) classroom_word2vec_ = false;
        classroom_.draw(session_, focus, hooks_.open_text_files);
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Word2Vec", nullptr, select && classroom_word2vec_ ? ImGuiTabItemFlags_SetSelected : 0)) {
        if (!select) classroom_word2vec_ = true;
        training_.draw(session_, focus, training_hooks());
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
}

std::string ExplorerApp::current_word() const {
    if (tab_ == Tab::Arithmetic && !arithmetic_.results().empty()) return arithmetic_.results().front().word;
    return search_.query();
}

// The map highlights what the user was just looking at; the Vector tab shows the word being
// explored (unless it was given another one since that word last changed).
void ExplorerApp::entering_tab(Tab t) {
    if (t == Tab::Vector) {
        const std::string w = current_word();
        if (!w.empty() && w != vector_followed_) {
            vector_.set_word(w);
            vector_followed_ = w;
        }
    }
    if (t != Tab::Map || !map_.highlight().empty()) return;
    if (tab_ == Tab::Arithmetic && !arithmetic_.expression().empty()) map_.set_highlight(arithmetic_.expression());
    else if (!search_.query().empty()) map_.set_highlight(search_.query());
}

void ExplorerApp::edit_query(const std::string& text) {
    switch (tab_) {
        case Tab::Search: search_.edit(text); break;
        case Tab::Arithmetic: arithmetic_.set_expression(text); break;
        case Tab::Vector: vector_.set_word(text); break;
        case Tab::Graph: graph_.set_text(text); break;
        case Tab::Map: map_.set_highlight(text); break;
        case Tab::Tokens: tokens_.set_text(text); break;
        case Tab::Context: context_.set_sentence(0, text); break;
        case Tab::Table:
        case Tab::Classroom:
            break;
    }
}

bool ExplorerApp::select_graph_node(long node) {
    if (node < -1 || node >= long(graph_.stats().nodes)) return false;
    graph_.select(node);
    return true;
}

bool ExplorerApp::expand_graph_node(long node) {
    if (node < 0 || node >= long(graph_.stats().nodes)) return false;
    graph_.select(node);
    graph_.expand(node);
    return true;
}

std::string ExplorerApp::export_graph(const std::string& format) {
    // A PNG is the canvas as drawn: the Graph tab must be the one on screen.
    if (format == "png" && tab_ != Tab::Graph) return "the PNG export needs the Graph tab on screen";
    return graph_.export_as(format, hooks_.graph_export);
}

Expected<std::string> ExplorerApp::results_text(const std::string& format) const {
    ResultsForExport r;
    if (tab_ == Tab::Search) r = {"search", search_.query(), "", search_.results()};
    else if (tab_ == Tab::Arithmetic)
        r = {"arithmetic", arithmetic_.expression(), method() == QueryMethod::Mul ? "3CosMul" : "3CosAdd",
             arithmetic_.results()};
    else return Error{"only the Search and Arithmetic tabs have results to copy"};
    if (r.hits.empty()) return Error{"there are no results to copy"};
    if (format == "tsv") return results_to_tsv(r);
    if (format == "json") return results_to_json(r);
    return Error{"copy format must be 'tsv' or 'json'"};
}

Expected<std::string> ExplorerApp::copy_results(const std::string& format) {
    auto text = results_text(format);
    if (text && hooks_.set_clipboard) hooks_.set_clipboard(*text);
    return text;
}

Status ExplorerApp::text_file_arrived(const std::string& purpose, const std::string& name, std::string bytes) {
    if (purpose == "tfidf") {
        Status s = classroom_.add_text_file(name, bytes);
        notice_ = s ? "Classroom: added documents from " + name : s.error();
        return s;
    }
    if (purpose == "tokenizer") {  // a second tokenizer.json the Tokens tab compares with
        Status s = tokens_.set_compare_tokenizer(name, bytes);
        notice_ = s ? "Tokens: comparing with " + name : s.error();
        return s;
    }
    if (purpose == "corpus") {  // a Word2Vec training corpus (UTF-8 is checked as it is counted)
        training_.corpus_arrived(name, std::move(bytes));
        notice_ = "Classroom: " + name + " is ready to train on";
        return Status::success();
    }
    const std::string why = name + ": no use for a text file with purpose '" + purpose + "'";
    notice_ = why;
    return Error{why};
}

size_t ExplorerApp::text_file_limit(const std::string& purpose) const {
    if (purpose == "corpus") return size_t(1) << 30;  // a corpus is held in memory while it trains
    if (purpose == "tokenizer") return TokensPanel::kMaxTokenizerBytes;
    return purpose == "tfidf" ? ClassroomPanel::kMaxFileBytes : 0;
}

std::string ExplorerApp::drop_purpose() const {
    if (tab_ == Tab::Tokens) return "tokenizer";  // a tokenizer.json dropped here is compared
    if (tab_ == Tab::Context) return "model";     // a model folder dropped here is run
    if (tab_ != Tab::Classroom) return "";
    return classroom_word2vec_ ? "corpus" : "tfidf";
}

void ExplorerApp::set_reduced_motion(bool on) {
    reduced_motion_ = on;
    graph_.set_reduced_motion(on);
    map_.set_reduced_motion(on);
}

void ExplorerApp::draw_header() {
    ImGui::PushFont(theme_font(FontRole::Title));
    ImGui::TextUnformatted("Embedding Explorer");
    ImGui::PopFont();
    const auto& t = session_.active();
    if (t) {
        ImGui::SameLine();
        ImGui::TextDisabled("  %s  |  %s words x %u dims  |  %s", escape_for_display(t->info().name).c_str(),
                            with_thousands(t->rows()).c_str(), t->dims(), std::string(dtype_name(t->dtype())).c_str());
    }
    ImGui::Separator();
}

void ExplorerApp::draw_progress() {
    const LoadProgress p = session_.progress();
    if (!p.active) return;
    const float frac = p.total_bytes ? float(double(p.bytes) / double(p.total_bytes)) : 0.0f;
    char overlay[192];
    const double mbps = p.seconds > 0 ? double(p.bytes) / 1e6 / p.seconds : 0;
    if (p.total_rows)
        std::snprintf(overlay, sizeof overlay, "%.1f / %.1f MB   %s of %s words   %.0f MB/s", double(p.bytes) / 1e6,
                      double(p.total_bytes) / 1e6, with_thousands(p.rows).c_str(),
                      with_thousands(p.total_rows).c_str(), mbps);
    else
        std::snprintf(overlay, sizeof overlay, "%.1f MB   %.0f MB/s", double(p.bytes) / 1e6, mbps);
    ImGui::Text("Loading %s", escape_for_display(p.name).c_str());
    ImGui::ProgressBar(frac, ImVec2(-1, 0), overlay);
}

void ExplorerApp::draw_status_line() {
    ImGui::Separator();
    if (!session_.last_error().empty()) {
        if (hooks_.retry_load && !session_.loading()) {
            if (ImGui::SmallButton("Retry")) hooks_.retry_load();
            ImGui::SameLine();
        }
        draw_error_text(escape_for_display(session_.last_error()));
    } else if (!notice_.empty()) {
        ImGui::TextDisabled("%s", escape_for_display(notice_).c_str());
    } else {
        ImGui::TextDisabled("%s", escape_for_display(session_.last_notice()).c_str());
    }
}

}  // namespace embx::app
