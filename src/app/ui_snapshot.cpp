#include "app/ui_snapshot.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace embx::app {

namespace {

constexpr size_t kListed = 10;  // words a summary names before "and N more"

std::string fixed(double v, int decimals) {
    char b[48];
    std::snprintf(b, sizeof b, "%.*f", decimals, v);
    return b;
}

// "prince 0.769, queen 0.751, ..., and 5 more"
std::string hit_list(const std::vector<NamedHit>& hits) {
    std::string s;
    for (size_t i = 0; i < hits.size() && i < kListed; ++i)
        s += (i ? ", " : "") + hits[i].word + " " + fixed(hits[i].score, 3);
    if (hits.size() > kListed) s += ", and " + std::to_string(hits.size() - kListed) + " more";
    return s;
}

std::string plural(uint64_t n, const char* one, const char* many) {
    return with_thousands(n) + " " + (n == 1 ? one : many);
}

std::string quoted(const std::string& s) { return "\u201c" + s + "\u201d"; }

}  // namespace

std::string describe_search(const SearchSnapshot& s) {
    if (s.query.empty()) return "";
    if (!s.error.empty() || s.results.empty()) return "No results for " + quoted(s.query) + ".";
    return plural(s.results.size(), "nearest word", "nearest words") + " to " + s.query + ": " + hit_list(s.results) +
           ".";
}

std::string describe_arithmetic(const ArithmeticSnapshot& a) {
    if (a.expression.empty()) return "";
    if (!a.error.empty() || a.results.empty()) return "No results for " + quoted(a.expression) + ".";
    return a.expression + " (" + (a.mul ? "3CosMul" : "3CosAdd") + "): " + hit_list(a.results) + ".";
}

std::string describe_vector(const VectorSnapshot& v) {
    if (v.a.values.empty()) return "";
    std::string s = v.a.label + ": " + plural(v.a.values.size(), "dimension", "dimensions") + ", norm " +
                    fixed(v.a.norm, 4) + "; first values ";
    for (size_t i = 0; i < v.a.values.size() && i < 4; ++i) s += (i ? ", " : "") + fixed(v.a.values[i], 4);
    if (v.a.values.size() > 4) s += ", ...";
    if (v.has_cosine) s += "; cosine with " + v.b.label + " " + fixed(v.cosine, 4);
    return s + ".";
}

std::string describe_tokens(const TokensSnapshot& t) {
    if (t.text.empty() || t.rows.empty()) return "";
    std::string s = quoted(t.text) + " is " + plural(t.rows.size(), "token", "tokens") + ": ";
    for (size_t i = 0; i < t.rows.size() && i < 12; ++i)
        s += (i ? ", " : "") + t.rows[i].visible + " " + std::to_string(t.rows[i].id);
    if (t.rows.size() > 12) s += ", ...";
    s += ".";
    if (!t.compare_name.empty()) s += " " + t.compare_name + " makes " + plural(t.compare.size(), "token", "tokens") + ".";
    if (t.selected >= 0 && size_t(t.selected) < t.rows.size()) {
        s += " Nearest to " + t.rows[size_t(t.selected)].visible + ": ";
        for (size_t i = 0; i < t.neighbours.size() && i < 5; ++i)
            s += (i ? ", " : "") + t.neighbours[i].first + " " + fixed(t.neighbours[i].second, 3);
        s += ".";
    }
    return s;
}

std::string describe_graph(const GraphSnapshot& g) {
    if (!g.built) return "";
    std::string s = "Graph of " + quoted(g.text) + ": " + plural(g.nodes, "node", "nodes") + " (" +
                    plural(g.inputs, "token", "tokens") + "), " + plural(g.edges, "edge", "edges") + ", " +
                    plural(g.communities, "community", "communities") + ", layout " +
                    (g.settled ? "settled" : "settling") + ".";
    if (g.selected >= 0) {
        s += " Selected: " + g.selected_word + (g.selected_input ? " (input)" : "") + ", " +
             plural(g.neighbours.size(), "neighbour", "neighbours");
        std::vector<NamedHit> hits;
        for (const GraphNodeRef& n : g.neighbours) hits.push_back({n.word, n.cosine, {}});
        if (!hits.empty()) s += ": " + hit_list(hits);
        s += ".";
    }
    return s;
}

std::string describe_map(const MapSnapshot& m) {
    if (!m.computed) return "";
    std::string s;
    if (m.method == "pca") {
        s = "PCA of " + plural(m.points, "word", "words") + " in " + std::to_string(m.dims) + "D";
        if (!m.explained_variance.empty()) {
            s += " (explained variance ";
            for (size_t i = 0; i < m.explained_variance.size(); ++i)
                s += (i ? ", " : "") + fixed(100.0 * m.explained_variance[i], 1) + "%";
            s += ")";
        }
    } else {
        s = "t-SNE of " + plural(m.points, "word", "words") + " in " + std::to_string(m.dims) + "D, " +
            (m.running ? "iteration " + with_thousands(uint64_t(m.iteration)) + " of " +
                             with_thousands(uint64_t(m.iterations))
                       : "finished after " + with_thousands(uint64_t(m.iteration)) + " iterations");
    }
    s += ".";
    if (!m.highlighted.empty()) {
        s += " Highlighted: ";
        for (size_t i = 0; i < m.highlighted.size(); ++i) s += (i ? ", " : "") + m.highlighted[i];
        s += ".";
    }
    return s;
}

std::string describe_load(const LoadSnapshot& l) {
    if (!l.active) return "";
    std::string s = "Loading " + l.name + ": " + fixed(double(l.bytes) / 1e6, 1) + " MB";
    if (l.total_bytes) s += " of " + fixed(double(l.total_bytes) / 1e6, 1) + " MB";
    if (l.total_rows) s += ", " + with_thousands(l.rows) + " of " + plural(l.total_rows, "word", "words");
    return s + ".";
}

std::string describe_table(const TableSnapshot& t, const LoadSnapshot& l) {
    if (!t.loaded) return l.active ? describe_load(l) : "No table loaded yet.";
    std::string s = t.name + ": " + plural(t.rows, "word", "words") + " x " + plural(t.dims, "dimension", "dimensions") +
                    ", " + t.dtype + ", " + (t.complete ? "complete" : "still loading") + ".";
    return s;
}

std::string describe_classroom(const ClassroomSnapshot& c) {
    if (!c.error.empty() || c.documents == 0) return "";
    std::string s = "TF-IDF, " + c.variant + ": " + plural(c.documents, "document", "documents") + ", " +
                    plural(c.terms, "term", "terms") + ".";
    if (c.document >= 0 && !c.term.empty())
        s += " Document " + std::to_string(c.document + 1) + ", " + quoted(c.term) + ": " + c.formula + ".";
    if (c.has_pair_cosine)
        s += " Cosine of " + quoted(c.pair_a) + " and " + quoted(c.pair_b) +
             " in TF-IDF term space: " + fixed(c.pair_cosine, 3) + ".";
    return s;
}

std::string describe_training(const TrainingSnapshot& t) {
    if (t.phase.empty()) return t.pending.empty() ? "Word2Vec: choose a corpus and press Train." : "Word2Vec: " + t.pending + ".";
    if (t.phase == "failed") return "Word2Vec training failed: " + t.error;
    std::string s = "Word2Vec " + t.model + " on " + t.corpus + ": " + t.phase;
    if (t.phase == "counting") return s + ", counting the words.";
    s += ", " + fixed(t.fraction * 100, 0) + "% of " + plural(t.words_total, "word", "words") + ", " +
         fixed(t.words_per_second, 0) + " words/s";
    if (t.phase == "training") s += ", about " + fixed(t.eta_seconds, 0) + " s left";
    s += ", loss " + fixed(t.loss, 3) + ".";
    for (const auto& w : t.watched) {
        if (!w.known) continue;
        s += " " + quoted(w.word) + ":";
        for (size_t i = 0; i < w.neighbours.size() && i < 3; ++i)
            s += (i ? ", " : " ") + w.neighbours[i].first + " " + fixed(w.neighbours[i].second, 2);
        s += ".";
    }
    return s;
}

std::string describe_context(const ContextSnapshot& c) {
    if (!c.has_model) {
        if (c.loading) return "Opening the model " + c.loading_name + ".";
        return c.load_error.empty() ? "No model is open: open a Hugging Face model folder." : "";
    }
    std::string s = "Model " + c.model + " (" + c.architecture + ", " + std::to_string(c.layers) + " layers, " +
                    std::to_string(c.hidden) + " dims, " + c.dtype + ").";
    if (c.running) return s + " Running: " + std::to_string(int(c.fraction * 100)) + "%.";
    const auto picked = [](const ContextSentenceSnapshot& x) {
        return x.picked >= 0 && size_t(x.picked) < x.tokens.size() ? x.tokens[size_t(x.picked)].token : std::string("?");
    };
    if (!c.cosines.empty()) {
        s += " Cosine of " + picked(c.a) + " (sentence A) and " + picked(c.b) + " (sentence B) by layer: ";
        for (size_t l = 0; l < c.cosines.size(); ++l) s += (l ? ", " : "") + fixed(c.cosines[l], 3);
        s += ".";
    }
    if (!c.a.nearest.empty()) {
        s += " Static tokens nearest " + picked(c.a) + " at layer " + std::to_string(c.layer) + ": ";
        for (size_t i = 0; i < c.a.nearest.size() && i < 5; ++i)
            s += (i ? ", " : "") + c.a.nearest[i].first + " " + fixed(c.a.nearest[i].second, 3);
        s += ".";
    }
    return s;
}

std::string describe(const UiSnapshot& s) {
    if (s.tab == "search") return describe_search(s.search);
    if (s.tab == "arithmetic") return describe_arithmetic(s.arithmetic);
    if (s.tab == "vector") return describe_vector(s.vector);
    if (s.tab == "tokens") return describe_tokens(s.tokens);
    if (s.tab == "context") return describe_context(s.context);
    if (s.tab == "graph") return describe_graph(s.graph);
    if (s.tab == "map") return describe_map(s.map);
    if (s.tab == "table") return describe_table(s.table, s.load);
    if (s.tab == "classroom")
        return s.classroom_section == "word2vec" ? describe_training(s.training) : describe_classroom(s.classroom);
    return "";
}

std::string current_error(const UiSnapshot& s) {
    if (s.tab == "search") return s.search.error;
    if (s.tab == "arithmetic") return s.arithmetic.error;
    if (s.tab == "vector") return !s.vector.a.error.empty() ? s.vector.a.error : s.vector.b.error;
    if (s.tab == "tokens") return s.tokens.error;
    if (s.tab == "context") {
        for (const std::string* e : {&s.context.load_error, &s.context.run_error, &s.context.a.error, &s.context.b.error,
                                     &s.context.search_error})
            if (!e->empty()) return *e;
        return "";
    }
    if (s.tab == "graph") return s.graph.error;
    if (s.tab == "map") return s.map.error;
    if (s.tab == "classroom") return s.classroom_section == "word2vec" ? s.training.error : s.classroom.error;
    return "";
}

namespace {

using json = nlohmann::ordered_json;

json hits_json(const std::vector<NamedHit>& hits) {
    json a = json::array();
    for (const NamedHit& h : hits) a.push_back({{"word", h.word}, {"score", h.score}});
    return a;
}

json nodes_json(const std::vector<GraphNodeRef>& nodes) {
    json a = json::array();
    for (const GraphNodeRef& n : nodes)
        a.push_back({{"node", n.node}, {"word", n.word}, {"cosine", n.cosine}, {"input", n.input}});
    return a;
}

// A missing cosine is null, with the reason beside it.
json pairs_json(const std::vector<ClassroomPair>& pairs) {
    json a = json::array();
    for (const ClassroomPair& p : pairs)
        a.push_back({{"a", p.a},
                     {"b", p.b},
                     {"tfidf", p.has_tfidf ? json(p.tfidf) : json(nullptr)},
                     {"tfidfWhy", p.tfidf_why},
                     {"table", p.has_table ? json(p.table) : json(nullptr)},
                     {"tableWhy", p.table_why}});
    return a;
}

json tokens_json(const TokensSnapshot& t) {
    json rows = json::array();
    for (const TokenRowSnapshot& r : t.rows)
        rows.push_back({{"id", r.id}, {"token", r.token}, {"visible", r.visible}, {"text", r.text}, {"begin", r.begin},
                        {"end", r.end}, {"added", r.added}, {"hasRow", r.has_row}, {"head", r.head}});
    json near = json::array();
    for (const auto& [w, c] : t.neighbours) near.push_back({{"word", w}, {"score", c}});
    json compare = json::array();
    for (const auto& [id, v] : t.compare) compare.push_back({{"id", id}, {"visible", v}});
    return {{"text", t.text},       {"tokenizer", t.tokenizer},     {"special", t.special},
            {"rows", rows},         {"selected", t.selected},       {"neighbours", near},
            {"error", t.error},     {"compareName", t.compare_name}, {"compare", compare},
            {"summary", describe_tokens(t)}};
}

json context_sentence_json(const ContextSentenceSnapshot& x) {
    json tokens = json::array();
    for (const ContextTokenSnapshot& t : x.tokens) tokens.push_back({{"id", t.id}, {"token", t.token}, {"begin", t.begin}, {"end", t.end}});
    json near = json::array();
    for (const auto& [w, c] : x.nearest) near.push_back({{"token", w}, {"score", c}});
    return {{"text", x.text}, {"note", x.note}, {"error", x.error}, {"tokens", tokens}, {"picked", x.picked},
            {"nearest", near}};
}

json context_json(const ContextSnapshot& c) {
    json search = json::array();
    for (const auto& [t, v] : c.search) search.push_back({{"text", t}, {"score", v}});
    return {{"hasModel", c.has_model},   {"model", c.model},           {"architecture", c.architecture},
            {"dtype", c.dtype},          {"layers", c.layers},         {"hidden", c.hidden},
            {"heads", c.heads},          {"vocab", c.vocab},           {"pooling", c.pooling},
            {"notes", c.notes},          {"loading", c.loading},       {"loadingName", c.loading_name},
            {"loadBytes", c.load_bytes}, {"loadTotal", c.load_total},  {"loadError", c.load_error},
            {"runError", c.run_error},   {"running", c.running},       {"fraction", c.fraction},
            {"runMs", c.run_ms},         {"a", context_sentence_json(c.a)}, {"b", context_sentence_json(c.b)},
            {"layer", c.layer},          {"head", c.head},             {"heatSentence", c.heat_sentence},
            {"heatMode", c.heat_mode},   {"cosines", c.cosines},       {"driftA", c.drift_a},
            {"driftB", c.drift_b},       {"heatTokens", c.heat_tokens}, {"heat", c.heat},
            {"search", search},          {"searchError", c.search_error}, {"summary", describe_context(c)}};
}

json slot_json(const VectorSlot& v) {
    return {{"query", v.query}, {"label", v.label}, {"error", v.error}, {"norm", v.norm}, {"values", v.values}};
}

}  // namespace

std::string snapshot_json(const UiSnapshot& s) {
    json j;
    j["tab"] = s.tab;
    j["summary"] = describe(s);
    j["error"] = current_error(s);
    j["notice"] = s.notice;
    j["dark"] = s.dark;
    j["reducedMotion"] = s.reduced_motion;
    j["uiScale"] = s.ui_scale;
    json details = json::array();
    for (const auto& [k, v] : s.table.details) details.push_back({k, v});
    j["table"] = {{"loaded", s.table.loaded}, {"name", s.table.name},         {"rows", s.table.rows},
                  {"totalRows", s.table.total_rows}, {"dims", s.table.dims}, {"dtype", s.table.dtype},
                  {"complete", s.table.complete},    {"details", details},   {"summary", describe_table(s.table, s.load)}};
    j["load"] = {{"active", s.load.active},     {"name", s.load.name},           {"bytes", s.load.bytes},
                 {"totalBytes", s.load.total_bytes}, {"rows", s.load.rows},  {"totalRows", s.load.total_rows},
                 {"error", s.load.error},       {"summary", describe_load(s.load)}};
    j["search"] = {{"query", s.search.query},          {"k", s.search.k},
                   {"results", hits_json(s.search.results)}, {"error", s.search.error},
                   {"searchedRows", s.search.searched_rows}, {"summary", describe_search(s.search)}};
    j["arithmetic"] = {{"expression", s.arithmetic.expression}, {"method", s.arithmetic.mul ? "mul" : "add"},
                       {"results", hits_json(s.arithmetic.results)}, {"inputs", s.arithmetic.inputs},
                       {"explanation", s.arithmetic.explanation}, {"error", s.arithmetic.error},
                       {"summary", describe_arithmetic(s.arithmetic)}};
    j["vector"] = {{"a", slot_json(s.vector.a)}, {"b", slot_json(s.vector.b)}, {"hasCosine", s.vector.has_cosine},
                   {"cosine", s.vector.cosine}, {"summary", describe_vector(s.vector)}};
    j["tokens"] = tokens_json(s.tokens);
    j["context"] = context_json(s.context);
    const GraphSnapshot& g = s.graph;
    j["graph"] = {{"text", g.text},
                  {"k", g.k},
                  {"built", g.built},
                  {"revision", g.revision},
                  {"nodes", g.nodes},
                  {"edges", g.edges},
                  {"inputs", g.inputs},
                  {"communities", g.communities},
                  {"settled", g.settled},
                  {"skipped", g.skipped},
                  {"tokens", g.tokens},
                  {"inputNodes", nodes_json(g.input_nodes)},
                  {"selected", g.selected},
                  {"selectedWord", g.selected_word},
                  {"selectedInput", g.selected_input},
                  {"selectedExpanded", g.selected_expanded},
                  {"selectedCommunity", g.selected_community},
                  {"neighbours", nodes_json(g.neighbours)},
                  {"labels", g.labels},
                  {"error", g.error},
                  {"summary", describe_graph(g)}};
    const MapSnapshot& m = s.map;
    j["map"] = {{"computed", m.computed},   {"method", m.method},
                {"dims", m.dims},           {"points", m.points},
                {"running", m.running},     {"iteration", m.iteration},
                {"iterations", m.iterations}, {"explainedVariance", m.explained_variance},
                {"highlight", m.highlight}, {"highlighted", m.highlighted},
                {"highlightInputs", m.highlight_inputs}, {"error", m.error},
                {"status", m.status},       {"summary", describe_map(m)}};
    const ClassroomSnapshot& c = s.classroom;
    j["classroom"] = {{"variant", c.variant},
                      {"documents", c.documents},
                      {"terms", c.terms},
                      {"document", c.document},
                      {"term", c.term},
                      {"formula", c.formula},
                      {"value", c.value},
                      {"topTerms", c.top_terms},
                      {"pair", {c.pair_a, c.pair_b}},
                      {"pairCosine", c.has_pair_cosine ? json(c.pair_cosine) : json(nullptr)},
                      {"error", c.error},
                      {"perLine", c.per_line},
                      {"fileMessage", c.file_message},
                      {"fileError", c.file_error},
                      {"pairTable", c.pair_table},
                      {"pairs", pairs_json(c.pairs)},
                      {"summary", describe_classroom(c)}};
    const TrainingSnapshot& t = s.training;
    json watched = json::array();
    for (const auto& w : t.watched) {
        json n = json::array();
        for (const auto& [word, score] : w.neighbours) n.push_back({{"word", word}, {"score", score}});
        watched.push_back({{"word", w.word}, {"known", w.known}, {"neighbours", n}});
    }
    j["classroomSection"] = s.classroom_section;
    j["training"] = {{"phase", t.phase},
                     {"corpus", t.corpus},
                     {"selected", t.selected},
                     {"corpora", t.corpora},
                     {"model", t.model},
                     {"pending", t.pending},
                     {"error", t.error},
                     {"exploredTable", t.explored_table},
                     {"vocabulary", t.vocabulary},
                     {"corpusWords", t.corpus_words},
                     {"wordsDone", t.words_done},
                     {"wordsTotal", t.words_total},
                     {"fraction", t.fraction},
                     {"wordsPerSecond", t.words_per_second},
                     {"etaSeconds", t.eta_seconds},
                     {"seconds", t.seconds},
                     {"loss", t.loss},
                     {"meanLoss", t.mean_loss},
                     {"alpha", t.alpha},
                     {"background", t.background},
                     {"lossCurve", t.loss_curve},
                     {"step", t.step},
                     {"watched", watched},
                     {"summary", describe_training(t)}};
    // Strings are escaped for display already; `replace` guards against anything that slipped.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace embx::app
