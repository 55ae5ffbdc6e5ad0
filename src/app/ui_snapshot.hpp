// What the explorer shows, as plain data (no ImGui): the web page mirrors it as real HTML
// (screen readers, selectable and copyable text, browser zoom) and tests read it back.
// ExplorerApp::snapshot() fills it from the panels; the one-line summaries and the JSON the
// page polls are built here, from the data alone, so unit tests cover them without a UI.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "app/text_format.hpp"

namespace embx::app {

struct TableSnapshot {
    bool loaded = false;
    std::string name;  // every string here is escaped for display already
    uint64_t rows = 0, total_rows = 0;
    uint32_t dims = 0;
    std::string dtype;
    bool complete = false;
    std::vector<std::pair<std::string, std::string>> details;  // the Table tab: key, value
};

struct LoadSnapshot {
    bool active = false;
    std::string name;
    uint64_t bytes = 0, total_bytes = 0, rows = 0, total_rows = 0;
    std::string error;  // the last failed load (the table shown stays)
};

struct SearchSnapshot {
    std::string query;
    int k = 0;
    std::vector<NamedHit> results;
    std::string error;
    uint64_t searched_rows = 0;  // fewer than the table's while it streams in
};

struct ArithmeticSnapshot {
    std::string expression;
    bool mul = false;  // 3CosMul (else 3CosAdd)
    std::vector<NamedHit> results;
    std::vector<std::string> inputs;  // the resolved input words (excluded from the results)
    std::string explanation, error;
};

struct VectorSlot {
    std::string query, label, error;  // label: "king  (id 691)"
    std::vector<float> values;
    float norm = 0;
};

struct VectorSnapshot {
    VectorSlot a, b;  // the word, and the optional word it is compared with
    bool has_cosine = false;
    float cosine = 0;
};

struct GraphNodeRef {
    uint32_t node = 0;  // index in the graph
    std::string word;
    float cosine = 0;  // to the selected node (neighbour lists)
    bool input = false;
};

struct GraphSnapshot {
    std::string text;  // the sentence or words typed
    int k = 0;
    bool built = false;
    uint64_t revision = 0;  // changes whenever nodes or edges do
    size_t nodes = 0, edges = 0, inputs = 0, communities = 0;
    bool settled = false;
    std::vector<std::string> skipped, tokens;
    std::vector<GraphNodeRef> input_nodes;
    long selected = -1;  // node index, -1 = none
    std::string selected_word;
    bool selected_input = false, selected_expanded = false;
    uint32_t selected_community = 0;  // 1-based, as the tooltip shows it
    std::vector<GraphNodeRef> neighbours;  // of the selected node, most similar first
    std::string labels;  // "all", "degree" or "hover"
    std::string error;
};

struct MapSnapshot {
    bool computed = false;
    std::string method;  // "pca" or "tsne"
    int dims = 0;
    size_t points = 0;
    bool running = false;
    int iteration = 0, iterations = 0;
    std::vector<double> explained_variance;
    std::string highlight;
    std::vector<std::string> highlighted;  // inputs first, then results
    size_t highlight_inputs = 0;
    std::string error, status;
};

// A word pair's cosine in TF-IDF term space next to its cosine in an embedding table; a
// missing value ("—" on screen) says why.
struct ClassroomPair {
    std::string a, b;
    bool has_tfidf = false, has_table = false;
    double tfidf = 0, table = 0;
    std::string tfidf_why, table_why;  // why there is no value (empty when there is one)
};

// The Classroom tab: TF-IDF of an editable collection, one cell explained.
struct ClassroomSnapshot {
    std::string variant;  // "textbook (count/length, ln(N/df))" or "scikit-learn TfidfVectorizer (...)"
    size_t documents = 0, terms = 0;
    long document = -1;  // the selected cell's document (0-based), -1 = none
    std::string term;  // and its term
    std::string formula;  // "TF = 5/100 = 0.05, IDF = ln(10/2) = 1.61, TF-IDF = 0.05 × 1.61 ≈ 0.08"
    double value = 0;
    std::vector<std::string> top_terms;  // of the selected document, highest first
    std::string pair_a, pair_b;  // two terms compared in TF-IDF term space
    bool has_pair_cosine = false;
    double pair_cosine = 0;
    std::string error;
    bool per_line = false;  // text files are split into one document per line
    std::string file_message;  // the last text file added ("Added 3 documents from a.txt ..."), or why not
    bool file_error = false;
    std::string pair_table;  // the embedding table the pairs are compared in ("" = none)
    std::vector<ClassroomPair> pairs;  // the article's pairs, then the user's
};

// The Classroom tab's Word2Vec section: a training run as it goes.
struct TrainingSnapshot {
    std::string phase;  // "" (no run), "counting", "training", "paused", "stopped", "finished", "failed"
    std::string corpus, model, pending, error;  // corpus: the run's
    std::string selected;                 // the corpus chosen for the next run
    std::vector<std::string> corpora;     // the corpora that arrived (the Brown corpus once fetched)
    std::string explored_table;  // the name of the trained table the explorer was given, if any
    size_t vocabulary = 0;
    uint64_t corpus_words = 0, words_done = 0, words_total = 0;
    double fraction = 0, words_per_second = 0, eta_seconds = 0, seconds = 0, loss = 0, mean_loss = 0, alpha = 0;
    bool background = false;
    std::vector<double> loss_curve;
    std::string step;  // the step-by-step view's text, when it is open
    struct Watched {
        std::string word;
        bool known = false;
        std::vector<std::pair<std::string, double>> neighbours;
    };
    std::vector<Watched> watched;
};

// The Tokens tab: a sentence cut by the table's tokenizer, as the article's table shows it.
struct TokenRowSnapshot {
    uint32_t id = 0;
    std::string token;    // the vocabulary's string, escaped for display ("Ġcod")
    std::string visible;  // spaces and bytes made visible ("␣cod")
    std::string text;     // the input it stands for, visible the same way
    uint32_t begin = 0, end = 0;  // its bytes in the input
    bool added = false;   // an added or special token (BOS, <|im_start|>)
    bool has_row = false; // the table has a row for the id
    std::vector<float> head;  // the first dimensions of its row
};
struct TokensSnapshot {
    std::string text, tokenizer;  // the sentence; "byte-level BPE, 151,665 ids" (or "")
    bool special = true;          // BOS/CLS added as the model would see them
    std::vector<TokenRowSnapshot> rows;
    long selected = -1;           // the row whose nearest tokens are listed
    std::vector<std::pair<std::string, double>> neighbours;
    std::string error;
    // A second tokenizer's split of the same text (empty name: none).
    std::string compare_name;
    std::vector<std::pair<uint32_t, std::string>> compare;  // id, visible token
};

// The Context tab: a model's hidden states for two sentences, layer by layer.
struct ContextTokenSnapshot {
    uint32_t id = 0;
    std::string token;            // visible
    uint32_t begin = 0, end = 0;  // its bytes in the sentence (0, 0: a special token)
};
struct ContextSentenceSnapshot {
    std::string text, note, error;
    std::vector<ContextTokenSnapshot> tokens;
    long picked = -1;
    std::vector<std::pair<std::string, double>> nearest;  // static tokens nearest the picked one at `layer`
};
struct ContextSnapshot {
    bool has_model = false;
    std::string model, architecture, dtype;  // "bert", "qwen2", ...; "f32" or "int8"
    uint32_t layers = 0, hidden = 0, heads = 0, vocab = 0;
    std::string pooling;  // "mean", ...
    std::vector<std::string> notes;
    bool loading = false;
    std::string loading_name;
    uint64_t load_bytes = 0, load_total = 0;
    std::string load_error, run_error;
    bool running = false;
    double fraction = 0, run_ms = 0;  // the last complete run's time
    ContextSentenceSnapshot a, b;
    int layer = 0, head = 0, heat_sentence = 0;
    std::string heat_mode;                       // "cosine" or "attention"
    std::vector<double> cosines;                 // a's picked token vs b's, per layer (0 = embeddings)
    std::vector<double> drift_a, drift_b;        // each picked token vs its own layer-0 vector
    uint32_t heat_tokens = 0;
    std::vector<float> heat;                     // heat_tokens x heat_tokens at `layer`
    std::vector<std::pair<std::string, double>> search;  // sentences ranked against a
    std::string search_error;
};

struct UiSnapshot {
    std::string tab;  // "search", "arithmetic", ...
    TableSnapshot table;
    LoadSnapshot load;
    SearchSnapshot search;
    ArithmeticSnapshot arithmetic;
    VectorSnapshot vector;
    TokensSnapshot tokens;
    ContextSnapshot context;
    GraphSnapshot graph;
    MapSnapshot map;
    ClassroomSnapshot classroom;
    std::string classroom_section = "tfidf";  // "tfidf" or "word2vec": what the Classroom tab shows
    TrainingSnapshot training;
    std::string notice;  // the status line (a malformed link, "saved graph.png", ...)
    bool dark = false, reduced_motion = false;
    float ui_scale = 1;
};

// One line saying what a tab shows, for a live region and the page title's neighbours:
// "10 nearest words to king: prince 0.769, queen 0.751, ...". Empty when there is nothing.
std::string describe_search(const SearchSnapshot& s);
std::string describe_arithmetic(const ArithmeticSnapshot& a);
std::string describe_vector(const VectorSnapshot& v);
std::string describe_tokens(const TokensSnapshot& t);
std::string describe_context(const ContextSnapshot& c);
std::string describe_graph(const GraphSnapshot& g);
std::string describe_map(const MapSnapshot& m);
std::string describe_table(const TableSnapshot& t, const LoadSnapshot& l);
std::string describe_load(const LoadSnapshot& l);
std::string describe_classroom(const ClassroomSnapshot& c);
std::string describe_training(const TrainingSnapshot& t);
// The summary of the current tab.
std::string describe(const UiSnapshot& s);
// The current tab's error, if any.
std::string current_error(const UiSnapshot& s);

// The whole snapshot as JSON (keys in camelCase, as the JavaScript API uses), with `summary`
// and `error` (the current tab's) filled in.
std::string snapshot_json(const UiSnapshot& s);

}  // namespace embx::app
