// Context tab: contextual embeddings watched layer by layer (the article's sections 5-7).
// A BERT-family encoder or a Qwen2/Llama/Qwen3 decoder the user opens (a Hugging Face model
// folder) runs two sentences — by default "The river bank was flooded." and "The bank robbery
// was postponed." — and the tab shows: their tokens as chips (pick one in each), the two
// picked tokens' cosine at every layer (and how far each has moved from its layer-0 vector),
// a token-by-token cosine heat map of one sentence at a chosen layer, the attention of a
// chosen head, the nearest *static* tokens (rows of the model's own embedding matrix) of a
// hidden state, and sentence embeddings (pooling) ranking a list of sentences the user pastes.
// The forward passes run in a ContextRunner (a thread, or layer slices per frame).
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/context_runner.hpp"
#include "app/ui_snapshot.hpp"
#include "core/status.hpp"
#include "core/transformer/hidden_analysis.hpp"
#include "formats/transformer_folder.hpp"

namespace embx::app {

struct ContextHooks {
    std::function<void(bool int8)> open_model;  // a model folder picker (nullptr: not here)
    bool background = false;                    // forward passes on a thread of their own
    ScanPool* pool = nullptr;                   // threads for their matrix products
};

class ContextPanel {
public:
    static constexpr const char* kSentenceA = "The river bank was flooded.";
    static constexpr const char* kSentenceB = "The bank robbery was postponed.";
    static constexpr size_t kMaxSentenceBytes = 4096;
    static constexpr size_t kMaxSearchSentences = 200;
    static constexpr size_t kNearest = 8;

    ContextPanel();
    void draw(bool take_focus, const ContextHooks& hooks);
    // Work between frames: the runner's slices (no threads) and taking its results.
    void tick(const ContextHooks& hooks, double budget_ms);

    // --- Models: the platform reads the folder and reports here --------------------------
    void model_loading(const std::string& name, uint64_t bytes, uint64_t total);
    void model_failed(const std::string& why);  // the current model stays
    void model_arrived(std::shared_ptr<const TransformerModel> model);
    const std::shared_ptr<const TransformerModel>& model() const { return model_; }
    // The weights' dtype for the next load: int8 or f32 (the platform asks when it opens one).
    bool load_int8() const { return int8_; }
    void set_load_int8(bool on) { int8_ = on; }

    // --- What the page's API and the text view set ------------------------------------------
    void set_sentence(int which, const std::string& text);  // which: 0 or 1
    const std::string& sentence(int which) const { return text_[size_t(which & 1)]; }
    bool pick(int which, long token);                        // false if there is no such token
    // A pick for sentences still to be tokenized (after set_sentence): applied when they are.
    void request_pick(int which, long token);
    void set_heat_mode(int mode) { heat_mode_ = mode ? 1 : 0; }  // 0: cosine, 1: attention
    void set_layer(int layer) { layer_ = layer; }
    void set_head(int head) { head_ = head; }
    void set_heat_sentence(int which) { heat_of_ = which & 1; }
    // One sentence per line; ranked against sentence A by their pooled embeddings.
    void set_search_sentences(const std::string& lines);
    void run_search();
    void fill_snapshot(ContextSnapshot& out) const;
    std::string describe() const;

private:
    struct Side {
        std::vector<uint32_t> ids;
        std::vector<std::string> tokens;  // visible strings
        std::vector<std::pair<uint32_t, uint32_t>> spans;  // input bytes of each (0, 0: special)
        std::string note, error;          // truncation; tokenizing failed
        long picked = -1;
        long pending_pick = -1;           // request_pick() before the tokens are known
        HiddenStates states;              // of the last run (tokens == 0: none yet)
    };
    void retokenize();   // the sentences -> ids, and a new run when they changed
    void start_run(const ContextHooks& hooks);
    void take_results();
    void compute_views();  // plot, heat map, nearest from the current states and choices
    void draw_model_header(const ContextHooks& hooks);
    void draw_sentence(int which, bool take_focus);
    void draw_plot();
    void draw_heat();
    void draw_nearest();
    void draw_search(const ContextHooks& hooks);

    std::shared_ptr<const TransformerModel> model_;
    std::vector<float> norms_;  // of the model's embedding rows, for the nearest static tokens
    bool int8_ = false;
    // Loading (the platform's progress) and its outcome.
    std::string loading_, load_error_;
    uint64_t load_bytes_ = 0, load_total_ = 0;

    std::array<std::string, 2> text_;
    std::array<std::array<char, kMaxSentenceBytes>, 2> input_{};
    int input_id_ = 0;
    std::array<Side, 2> side_;
    bool dirty_ = true;  // the sentences or the model changed: tokenize and run again
    std::unique_ptr<ContextRunner> runner_;
    bool runner_is_search_ = false;
    std::string run_error_;
    double last_run_ms_ = 0;

    int layer_ = -1, head_ = 0, heat_of_ = 0;  // layer -1: the last
    int heat_mode_ = 0;                        // 0: cosine between tokens, 1: attention
    // Derived views (compute_views), cached by these keys.
    std::vector<double> cosines_, drift_[2];
    std::vector<float> heat_;
    size_t heat_tokens_ = 0;
    std::array<std::vector<StaticNeighbour>, 2> nearest_;
    std::string views_key_;

    std::string search_text_;
    std::vector<std::string> search_lines_;
    std::vector<std::pair<std::string, double>> search_results_;
    std::string search_error_;
    bool search_wanted_ = false;
};

}  // namespace embx::app
