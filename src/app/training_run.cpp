#include "app/training_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "app/clock.hpp"
#include "core/pca.hpp"

namespace embx::app {

namespace {

// Counting reads this much of the corpus between clock checks; training this many words
// (about 10 ms of CBOW in wasm: short enough for a frame slice and for pause to feel instant).
constexpr size_t kCountChunk = size_t(1) << 18;
constexpr uint64_t kTrainChunk = 10000;

}  // namespace

std::string_view training_phase_name(TrainingPhase p) {
    switch (p) {
        case TrainingPhase::Counting:
            return "counting";
        case TrainingPhase::Training:
            return "training";
        case TrainingPhase::Paused:
            return "paused";
        case TrainingPhase::Stopped:
            return "stopped";
        case TrainingPhase::Finished:
            return "finished";
        case TrainingPhase::Failed:
            return "failed";
    }
    return "?";
}

Expected<std::unique_ptr<TrainingRun>> TrainingRun::start(std::shared_ptr<const std::string> corpus,
                                                          std::string corpus_name, TrainingOptions options,
                                                          bool background) {
    if (!background) options.params.threads = 1;
    if (options.params.min_count == 0) options.params.min_count = 1;
    if (Status s = train::validate_params(options.params); !s) return Error{s.error()};
    if (!corpus || corpus->empty()) return Error{corpus_name + ": empty text: the corpus has no words"};
    if (options.neighbours == 0 || options.neighbours > 50) return Error{"neighbours must be between 1 and 50"};
    if (options.watch.size() > 20) return Error{"at most 20 watched words"};

    std::unique_ptr<TrainingRun> r(new TrainingRun());
    r->corpus_ = std::move(corpus);
    r->options_ = std::move(options);
    r->background_ = background;
    r->counter_.emplace(r->options_.params.lowercase);
    r->started_ms_ = now_ms();
    r->state_.corpus = std::move(corpus_name);
    r->state_.corpus_bytes = r->corpus_->size();
    r->state_.background = background;
    for (const auto& w : r->options_.watch) r->state_.watched.push_back({w, false, {}});
    if (background)
        for (size_t part = 0; part < r->options_.params.threads; ++part)
            r->threads_.emplace_back([p = r.get(), part] { p->run_thread(part); });
    return r;
}

TrainingRun::~TrainingRun() {
    quit_ = true;
    for (auto& t : threads_) t.join();
}

bool TrainingRun::active() const {
    std::lock_guard<std::mutex> lock(state_mu_);
    return state_.phase == TrainingPhase::Counting || state_.phase == TrainingPhase::Training;
}

TrainingState TrainingRun::state() const {
    std::lock_guard<std::mutex> lock(state_mu_);
    return state_;
}

void TrainingRun::set_phase(TrainingPhase p) {
    std::lock_guard<std::mutex> lock(state_mu_);
    state_.phase = p;
    ++state_.version;
}

void TrainingRun::fail(const std::string& why) {
    std::lock_guard<std::mutex> lock(state_mu_);
    state_.phase = TrainingPhase::Failed;
    state_.error = why;
    ++state_.version;
}

void TrainingRun::pause() {
    std::lock_guard<std::mutex> lock(state_mu_);
    if (state_.phase != TrainingPhase::Counting && state_.phase != TrainingPhase::Training) return;
    pause_ = true;
    pause_began_ms_ = now_ms();
    state_.phase = TrainingPhase::Paused;
    ++state_.version;
}

void TrainingRun::resume() {
    std::lock_guard<std::mutex> lock(state_mu_);
    if (state_.phase != TrainingPhase::Paused) return;
    pause_ = false;
    paused_ms_ += now_ms() - pause_began_ms_;
    state_.phase = trainer_ready_ ? TrainingPhase::Training : TrainingPhase::Counting;
    ++state_.version;
}

void TrainingRun::stop() {
    std::lock_guard<std::mutex> lock(state_mu_);
    if (state_.phase == TrainingPhase::Finished || state_.phase == TrainingPhase::Failed ||
        state_.phase == TrainingPhase::Stopped)
        return;
    stop_ = true;
    // Stopped before the vocabulary exists: there is no model to keep.
    if (!trainer_ready_) {
        state_.phase = TrainingPhase::Failed;
        state_.error = "stopped before training began";
    } else {
        state_.phase = TrainingPhase::Stopped;
    }
    ++state_.version;
}

void TrainingRun::pump(double budget_ms) {
    if (background_) return;
    std::lock_guard<std::shared_mutex> lock(work_mu_);
    work(budget_ms);
}

// One thread per part; part 0 also counts the vocabulary. The parts train at once sharing the
// lock (Hogwild, as the CLI's threads do); a refresh takes it alone between slices.
void TrainingRun::run_thread(size_t part) {
    while (!quit_) {
        bool ready = false;
        {
            std::lock_guard<std::mutex> lock(state_mu_);
            ready = trainer_ready_;
        }
        if (pause_ || stop_ || !active() || (!ready && part != 0)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            continue;
        }
        if (!ready) {
            std::lock_guard<std::shared_mutex> lock(work_mu_);
            work(50);
            continue;
        }
        bool part_done = false;
        {
            std::shared_lock<std::shared_mutex> lock(work_mu_);
            part_done = !train_part(part, now_ms() + 50);
        }
        {
            std::lock_guard<std::shared_mutex> lock(work_mu_);
            after_slice();
        }
        if (part_done) std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the other parts train on
    }
}

void TrainingRun::work(double budget_ms) {
    if (pause_ || stop_ || quit_) return;
    const double t0 = now_ms(), until = t0 + std::max(budget_ms, 1.0);
    TrainingPhase phase;
    {
        std::lock_guard<std::mutex> lock(state_mu_);
        phase = state_.phase;
    }
    if (phase == TrainingPhase::Counting) {
        count(until);
    } else if (phase == TrainingPhase::Training) {
        train_part(0, until);
        train_ms_ += now_ms() - t0;
        after_slice();
    }
    worked_ms_ += now_ms() - t0;
}

void TrainingRun::count(double until_ms) {
    const std::string& text = *corpus_;
    while (counted_ < text.size() && now_ms() < until_ms) {
        const size_t n = std::min(kCountChunk, text.size() - size_t(counted_));
        if (Status s = counter_->feed(reinterpret_cast<const uint8_t*>(text.data()) + counted_, n); !s)
            return fail(state_.corpus + ": " + s.error());
        counted_ += n;
    }
    {
        std::lock_guard<std::mutex> lock(state_mu_);
        state_.bytes_counted = counted_;
        state_.seconds = worked_ms_ / 1000;
    }
    if (counted_ < text.size()) return;

    auto vocab = counter_->finish(options_.params.min_count);
    counter_.reset();
    if (!vocab) return fail(state_.corpus + ": " + vocab.error());
    const uint64_t corpus_words = vocab->corpus_words;
    const size_t words = vocab->size();
    std::shared_ptr<const std::string> keep = corpus_;
    train::ByteReader reader = [keep](uint64_t off, uint8_t* out, size_t n) -> Expected<size_t> {
        if (off >= keep->size()) return size_t(0);
        const size_t got = std::min(n, keep->size() - size_t(off));
        std::copy_n(keep->data() + off, got, reinterpret_cast<char*>(out));
        return got;
    };
    auto made =
        train::Word2VecTrainer::create(options_.params, std::move(*vocab),
                                       train::text_source_factory(reader, keep->size(), options_.params.lowercase));
    if (!made) return fail(state_.corpus + ": " + made.error());
    trainer_ = std::move(*made);
    std::lock_guard<std::mutex> lock(state_mu_);
    trainer_ready_ = true;
    train_began_ms_ = now_ms();
    state_.vocabulary = words;
    state_.corpus_words = corpus_words;
    state_.words_total = trainer_->progress().words_total;
    state_.alpha = options_.params.starting_alpha();
    for (auto& w : state_.watched) w.known = trainer_->vocab().find(w.word) >= 0;
    if (state_.phase == TrainingPhase::Counting) state_.phase = TrainingPhase::Training;
    ++state_.version;
}

bool TrainingRun::train_part(size_t part, double until_ms) {
    do {
        auto n = trainer_->train(part, kTrainChunk);
        if (!n) {
            fail(state_.corpus + ": " + n.error());
            return false;
        }
        if (*n == 0) return false;
    } while (now_ms() < until_ms && !pause_ && !stop_ && !quit_);
    return true;
}

void TrainingRun::after_slice() {
    {
        std::lock_guard<std::mutex> lock(state_mu_);
        if (state_.phase != TrainingPhase::Training) return;
    }
    const bool finished = trainer_->finished();
    if (finished || now_ms() - last_refresh_ms_ >= options_.refresh_ms) refresh(finished);
    if (finished) set_phase(TrainingPhase::Finished);
}

namespace {

// The k rows most similar (cosine) to row `r`, itself excluded.
std::vector<std::pair<float, int32_t>> nearest_rows(const train::Word2VecTrainer& t, const std::vector<float>& norms,
                                                    int32_t r, size_t k) {
    const size_t D = t.dims(), V = t.vocab().size();
    const float* q = t.row(size_t(r));
    std::vector<std::pair<float, int32_t>> best;  // a small min-heap by score
    auto worse = [](const std::pair<float, int32_t>& a, const std::pair<float, int32_t>& b) {
        return a.first > b.first;
    };
    for (size_t i = 1; i < V; ++i) {  // row 0 is "</s>"
        if (int32_t(i) == r || norms[i] == 0) continue;
        const float* x = t.row(i);
        float dot = 0;
        for (size_t d = 0; d < D; ++d) dot += q[d] * x[d];
        const float s = dot / (norms[i] * norms[size_t(r)]);
        if (best.size() < k) {
            best.emplace_back(s, int32_t(i));
            std::push_heap(best.begin(), best.end(), worse);
        } else if (s > best.front().first) {
            std::pop_heap(best.begin(), best.end(), worse);
            best.back() = {s, int32_t(i)};
            std::push_heap(best.begin(), best.end(), worse);
        }
    }
    std::sort_heap(best.begin(), best.end(), worse);
    return best;
}

}  // namespace

void TrainingRun::refresh(bool final) {
    const train::Word2VecTrainer& t = *trainer_;
    const auto g = t.progress();
    const size_t D = t.dims(), V = t.vocab().size();
    norms_.resize(V);
    for (size_t i = 0; i < V; ++i) {
        const float* x = t.row(i);
        float s = 0;
        for (size_t d = 0; d < D; ++d) s += x[d] * x[d];
        norms_[i] = std::sqrt(s);
    }
    std::vector<WatchedWord> watched;
    std::vector<int32_t> point_rows;
    std::vector<TrainingPoint> points;
    for (size_t wi = 0; wi < options_.watch.size(); ++wi) {
        WatchedWord w{options_.watch[wi], false, {}};
        const int32_t r = t.vocab().find(w.word);
        if (r > 0 && norms_[size_t(r)] > 0) {
            w.known = true;
            auto add_point = [&](int32_t row, bool is_watched) {
                if (std::find(point_rows.begin(), point_rows.end(), row) != point_rows.end()) return;
                point_rows.push_back(row);
                points.push_back({t.vocab().words[size_t(row)], 0, 0, int(wi), is_watched});
            };
            add_point(r, true);
            for (const auto& [score, row] : nearest_rows(t, norms_, r, options_.neighbours)) {
                w.neighbours.push_back({t.vocab().words[size_t(row)], score});
                add_point(row, false);
            }
        }
        watched.push_back(std::move(w));
    }
    // The PCA of the points; each axis keeps the direction it had at the last refresh, so
    // the picture moves instead of flipping.
    double explained = 0;
    if (points.size() >= 3) {
        TableInfo info;
        info.name = "watched";
        info.dims = uint32_t(D);
        info.dtype = DType::F32;
        info.expected_rows = points.size();
        EmbeddingTable small(std::move(info));
        small.reserve_rows(points.size());
        for (size_t i = 0; i < points.size(); ++i)
            small.append_float_row(points[i].word + "#" + std::to_string(i), t.row(size_t(point_rows[i])));
        PcaOptions po;
        po.dims = 2;
        if (auto p = pca(small, po); p && p->dims == 2 && p->components.size() == 2 * D) {
            if (previous_axes_.size() == 2 * D) {
                for (int c = 0; c < 2; ++c) {
                    double dot = 0;
                    for (size_t d = 0; d < D; ++d) dot += double(p->components[c * D + d]) * previous_axes_[c * D + d];
                    if (dot < 0) {
                        for (size_t d = 0; d < D; ++d) p->components[c * D + d] = -p->components[c * D + d];
                        for (size_t i = 0; i < points.size(); ++i) p->coords[i * 2 + size_t(c)] *= -1;
                    }
                }
            }
            previous_axes_ = p->components;
            for (size_t i = 0; i < points.size(); ++i) {
                points[i].x = p->coords[i * 2];
                points[i].y = p->coords[i * 2 + 1];
            }
            explained = p->explained_variance_ratio[0] + p->explained_variance_ratio[1];
        }
    }

    std::lock_guard<std::mutex> lock(state_mu_);
    TrainingState& s = state_;
    s.words_done = g.words_done;
    s.fraction = g.fraction();
    s.alpha = g.alpha;
    // The whole run (counting and refreshes included): the slices' time in the foreground,
    // wall time with pauses excluded in the background.
    s.seconds = (background_ ? now_ms() - started_ms_ - paused_ms_ : worked_ms_) / 1000;
    if (g.predictions > last_predictions_) {
        s.loss = (g.loss_sum - last_loss_sum_) / double(g.predictions - last_predictions_);
        s.loss_at.push_back(float(s.fraction));
        s.loss_value.push_back(float(s.loss));
    }
    if (g.predictions) s.mean_loss = g.loss_sum / double(g.predictions);
    last_loss_sum_ = g.loss_sum;
    last_predictions_ = g.predictions;
    // Foreground: the slices' time (frames excluded); background: wall time, pauses excluded.
    const double train_ms = background_ ? now_ms() - train_began_ms_ - paused_ms_ : train_ms_;
    s.words_per_second = train_ms > 0 ? double(g.words_done) / (train_ms / 1000) : 0;
    s.eta_seconds = s.words_per_second > 0 ? double(g.words_total - g.words_done) / s.words_per_second : 0;
    if (final) s.eta_seconds = 0;
    s.watched = std::move(watched);
    s.points = std::move(points);
    s.explained_variance = explained;
    ++s.version;
    last_refresh_ms_ = now_ms();
}

std::shared_ptr<EmbeddingTable> TrainingRun::table(std::string name) {
    std::lock_guard<std::shared_mutex> lock(work_mu_);
    if (!trainer_) return nullptr;
    {
        std::lock_guard<std::mutex> slock(state_mu_);
        if (state_.phase == TrainingPhase::Failed) return nullptr;
    }
    return trainer_->to_table(std::move(name), DType::F32);
}

}  // namespace embx::app
