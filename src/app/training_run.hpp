// One Word2Vec training run for the Classroom tab, watched as it learns. It owns the corpus
// text, counts its vocabulary, trains (core/train/word2vec_trainer) and publishes what the
// page shows: progress, words/s and ETA, a loss curve, the nearest neighbours of a few
// watched words and a 2D PCA of those words and their neighbours, refreshed a few times a
// second. Where threads exist (natively, the threaded web module) the work runs on a thread
// of its own; elsewhere the UI thread runs it in slices per frame (pump). Both paths run the
// same work(), so the page without threads trains exactly what the CLI trains on one thread.
// Pause, resume and stop act between sentences: the weights are always a whole model, and
// table() turns them into an explorable table at any moment after counting.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/embedding_table.hpp"
#include "core/status.hpp"
#include "core/train/word2vec_trainer.hpp"

namespace embx::app {

enum class TrainingPhase { Counting, Training, Paused, Stopped, Finished, Failed };
std::string_view training_phase_name(TrainingPhase p);  // "counting", "training", ...

struct TrainingOptions {
    train::Word2VecParams params;  // background: params.threads parts, a thread each; else 1
    std::vector<std::string> watch;  // words whose nearest neighbours are followed
    size_t neighbours = 5;  // per watched word
    double refresh_ms = 300;  // how often the watched words and the loss curve update
};

struct WatchedNeighbour {
    std::string word;
    float score = 0;
};

struct WatchedWord {
    std::string word;
    bool known = false;  // in the vocabulary (min-count)
    std::vector<WatchedNeighbour> neighbours;
};

// A point of the PCA picture: a watched word or one of its neighbours.
struct TrainingPoint {
    std::string word;
    float x = 0, y = 0;
    int group = 0;  // index of the watched word it belongs to
    bool watched = false;
};

struct TrainingState {
    TrainingPhase phase = TrainingPhase::Counting;
    std::string corpus, error;
    bool background = false;  // trains on a thread of its own
    uint64_t corpus_bytes = 0, bytes_counted = 0;
    size_t vocabulary = 0;  // words kept (min-count)
    uint64_t corpus_words = 0;  // words in the corpus, once counted
    uint64_t words_done = 0, words_total = 0;  // total = iter x corpus words
    double fraction = 0;  // of words_total
    double seconds = 0;  // spent training (pauses excluded), counting included
    double words_per_second = 0, eta_seconds = 0;
    double alpha = 0;  // current learning rate
    double loss = 0;  // mean loss per prediction since the previous refresh
    double mean_loss = 0;  // mean loss per prediction over the whole run
    std::vector<float> loss_at, loss_value;  // the loss curve: (fraction trained, mean loss)
    std::vector<WatchedWord> watched;
    std::vector<TrainingPoint> points;
    double explained_variance = 0;  // of the two PCA components, over the points
    uint64_t version = 0;  // grows with each refresh
};

class TrainingRun {
public:
    // Checks the parameters before any work; the corpus is checked (UTF-8) while counting.
    static Expected<std::unique_ptr<TrainingRun>> start(std::shared_ptr<const std::string> corpus,
                                                        std::string corpus_name, TrainingOptions options,
                                                        bool background);
    ~TrainingRun();  // stops and waits for the thread (at most one slice)
    TrainingRun(const TrainingRun&) = delete;
    TrainingRun& operator=(const TrainingRun&) = delete;

    // Foreground: counts or trains until `budget_ms` has passed. Background: nothing.
    void pump(double budget_ms);
    void pause();
    void resume();
    void stop();  // ends the run; the model so far stays usable
    TrainingState state() const;
    bool active() const;  // counting or training (not paused, stopped, finished, failed)
    const TrainingOptions& options() const { return options_; }

    // The model so far as a float table with the training parameters in its metadata; null
    // while counting or after a failure. Waits for the running slice to end.
    std::shared_ptr<EmbeddingTable> table(std::string name);
    // Runs f(const train::Word2VecTrainer*) while no slice runs (null while counting).
    template <typename F>
    void with_trainer(F&& f) {
        std::lock_guard<std::shared_mutex> lock(work_mu_);
        f(static_cast<const train::Word2VecTrainer*>(trainer_.get()));
    }
    // Same, mutable: the step view applies one explained step (only while paused).
    template <typename F>
    void with_trainer_mut(F&& f) {
        std::lock_guard<std::shared_mutex> lock(work_mu_);
        f(trainer_.get());
    }

private:
    TrainingRun() = default;
    void run_thread(size_t part);
    void work(double budget_ms);  // callers hold work_mu_ exclusively
    void count(double until_ms);  // callers hold work_mu_ exclusively
    // Trains `part` until `until_ms` (or pause/stop); callers hold work_mu_, shared by parts.
    bool train_part(size_t part, double until_ms);  // false: the part is done (or failed)
    void after_slice();  // refresh when due, finish; callers hold work_mu_ exclusively
    void refresh(bool final);
    void fail(const std::string& why);
    void set_phase(TrainingPhase p);

    std::shared_ptr<const std::string> corpus_;
    TrainingOptions options_;
    bool background_ = false;

    // Owned by whoever holds work_mu_.
    std::shared_mutex work_mu_;  // shared by the parts' training threads, else exclusive
    std::optional<train::VocabCounter> counter_;
    uint64_t counted_ = 0;
    std::unique_ptr<train::Word2VecTrainer> trainer_;
    double started_ms_ = 0, last_refresh_ms_ = 0, worked_ms_ = 0, train_ms_ = 0;
    // Background words/s: wall time since training began, pauses excluded (guarded by state_mu_).
    double train_began_ms_ = 0, pause_began_ms_ = 0, paused_ms_ = 0;
    double last_loss_sum_ = 0;
    uint64_t last_predictions_ = 0;
    std::vector<float> previous_axes_;  // the last PCA axes (2 x dims): keeps the picture's orientation
    std::vector<float> norms_;

    std::atomic<bool> pause_{false}, stop_{false}, quit_{false};
    mutable std::mutex state_mu_;  // guards state_ and trainer_ready_
    TrainingState state_;
    bool trainer_ready_ = false;  // the vocabulary is counted and the trainer exists
    std::vector<std::thread> threads_;  // last: start after everything above exists
};

}  // namespace embx::app
