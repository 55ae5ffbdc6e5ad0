// The Classroom tab's Word2Vec section: pick a corpus (the built-in Brown corpus, a text file,
// or text typed in), set the word2vec tool's parameters, Train, and watch it learn: progress
// with words/s and ETA, the loss curve, the watched words' nearest neighbours changing, and a
// 2D PCA of those words moving. Pause, resume, stop. The model becomes the explorer's table
// (Search, Arithmetic, Graph, Map, export) when it finishes, or at any moment with "Explore
// it now". Training goes on while other tabs are shown (tick() runs every frame).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/table_session.hpp"
#include "app/training_run.hpp"
#include "app/ui_snapshot.hpp"
#include "app/word2vec_step_view.hpp"
#include "core/status.hpp"

namespace embx::app {

// What the panel needs of the platform (empty: not available here).
struct TrainingHooks {
    std::function<void(const std::string& name)> fetch_corpus;  // "brown": the built-in corpus
    std::function<void()> open_corpus_file;  // a text file, to corpus_arrived
    bool background_threads = false;  // train on a thread of its own
    uint32_t max_threads = 1;  // parts trained at once (each on a thread) where threads exist
};

// The built-in corpus's name, and the corpus typed in the panel.
inline constexpr const char* kBrownCorpus = "brown";
inline constexpr const char* kTypedCorpus = "typed text";

struct TrainRequest {
    train::Word2VecParams params;
    std::vector<std::string> watch;
    std::string corpus = kBrownCorpus;  // a corpus that arrived (by name), or kBrownCorpus
    bool explore = true;  // the finished model becomes the explorer's table
};

class TrainingPanel {
public:
    TrainingPanel();
    // Every frame, whatever the tab: runs a slice of training where there is no thread (up to
    // `budget_ms`) and hands a finished model to the session.
    void tick(TableSession& session, double budget_ms);
    void draw(TableSession& session, bool take_focus, const TrainingHooks& hooks);
    void fill_snapshot(TrainingSnapshot& out) const;

    // A corpus's text arrived (the platform fetched the Brown corpus, or read a file).
    void corpus_arrived(const std::string& name, std::string text);
    void corpus_failed(const std::string& name, const std::string& why);

    // Starts a run (replacing any other); a corpus that has not arrived is asked for and the
    // run starts when it comes. Errors: bad parameters, an unknown corpus.
    Status start(const TrainRequest& request, const TrainingHooks& hooks);
    void pause();
    void resume();
    void stop();
    // Makes the model so far the explorer's table; false when there is no model yet.
    bool explore_now(TableSession& session);
    std::optional<TrainingState> state() const;
    // The step-by-step view's example: explains one step of `sentence` around word `centre` on
    // the current model; returns its text, or an error.
    Expected<std::string> explain(const std::string& sentence, int centre);
    // "fetching the Brown corpus", "starting", or "" (a run exists, or nothing was asked).
    const std::string& pending() const { return pending_note_; }
    const std::string& error() const { return error_; }

private:
    void begin_run(const TrainRequest& r);
    void draw_corpus(const TrainingHooks& hooks);
    void draw_parameters();
    void draw_buttons(TableSession& session, const TrainingHooks& hooks);
    void draw_progress(const TrainingState& s);
    void draw_loss(const TrainingState& s);
    void draw_watched(const TrainingState& s);
    void draw_points(const TrainingState& s);
    void draw_step(const TrainingState& s);
    void explain_step();
    std::string table_name() const;

    std::map<std::string, std::shared_ptr<const std::string>> corpora_;
    std::string corpus_ = kBrownCorpus;  // the one selected
    std::string typed_;  // the "typed text" corpus
    TrainRequest form_;  // the parameters on screen
    char watch_text_[256] = "";
    bool background_ = false;
    uint32_t max_threads_ = 1;  // the threads field's limit (from the hooks)
    std::unique_ptr<TrainingRun> run_;
    TrainRequest run_request_;
    std::optional<TrainRequest> waiting_;  // a start waiting for its corpus
    std::string pending_note_, error_;
    bool explored_ = false;  // this run's finished model went to the session
    std::string explored_name_;
    // The step-by-step view of one training step on the current model.
    char step_text_[256] = "the man spent the money in the city";
    int step_centre_ = 4;  // 0-based word position in step_text_
    float step_alpha_ = 0.025f;
    std::optional<train::Word2VecStepExplanation> step_;
    std::string step_error_;
    uint64_t step_version_ = 0;  // the run state it was explained at
    Word2VecStepViewState step_view_;
};

}  // namespace embx::app
