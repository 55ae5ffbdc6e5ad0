// TrainingRun (the Classroom's live Word2Vec): the page's sliced run trains the same bytes as
// the trainer run in one go (foreground and on its own thread); pause holds, resume goes on,
// stop keeps a usable model; watched words get neighbours and PCA points, the loss curve
// falls; bad corpora and parameters fail with a message.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <random>
#include <string>
#include <thread>

#include "app/clock.hpp"
#include "app/training_run.hpp"
#include "fixtures.hpp"

namespace embx::app {
namespace {

// Sentences "c c m c c": a member of group g amid group g's context words.
std::string planted_corpus(size_t sentences, uint32_t seed) {
    std::mt19937 rng(seed);
    std::string text;
    for (size_t s = 0; s < sentences; ++s) {
        const size_t g = rng() % 4;
        for (size_t k = 0; k < 5; ++k) {
            if (k) text += ' ';
            text += (k == 2 ? "m" : "c") + std::to_string(g) + "_" + std::to_string(rng() % (k == 2 ? 5 : 6));
        }
        text += '\n';
    }
    return text;
}

TrainingOptions small_options() {
    TrainingOptions o;
    o.params.size = 16;
    o.params.min_count = 1;
    o.params.iter = 3;
    o.params.seed = 11;
    o.watch = {"m0_0", "m2_1", "nosuchword"};
    o.neighbours = 4;
    o.refresh_ms = 0;  // refresh after every slice
    return o;
}

std::shared_ptr<const std::string> shared_text(std::string s) {
    return std::make_shared<const std::string>(std::move(s));
}

// Pumps small slices until the run leaves counting/training (or a minute passes).
TrainingState run_to_end(TrainingRun& r) {
    const double until = now_ms() + 60000;
    while (r.active() && now_ms() < until) {
        r.pump(2);
        if (r.state().background) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return r.state();
}

// What the CLI does on one thread: the trainer run in one go.
std::shared_ptr<EmbeddingTable> trained_in_one_go(const std::string& text, const TrainingOptions& o) {
    train::VocabCounter c(o.params.lowercase);
    EXPECT_TRUE(c.feed(reinterpret_cast<const uint8_t*>(text.data()), text.size()).ok());
    auto v = c.finish(o.params.min_count);
    EXPECT_TRUE(v.ok());
    auto read = [&text](uint64_t off, uint8_t* out, size_t n) -> Expected<size_t> {
        if (off >= text.size()) return size_t(0);
        const size_t k = std::min<uint64_t>(n, text.size() - off);
        std::memcpy(out, text.data() + off, k);
        return k;
    };
    train::Word2VecParams p = o.params;
    p.threads = 1;
    auto t = train::Word2VecTrainer::create(p, std::move(*v), train::text_source_factory(read, text.size(), false));
    EXPECT_TRUE(t.ok());
    EXPECT_TRUE((*t)->train_all().ok());
    return (*t)->to_table("one go");
}

void expect_same_rows(const EmbeddingTable& a, const EmbeddingTable& b) {
    ASSERT_EQ(a.rows(), b.rows());
    ASSERT_EQ(a.dims(), b.dims());
    std::vector<float> x(a.dims()), y(b.dims());
    for (size_t r = 0; r < a.rows(); ++r) {
        ASSERT_EQ(a.word(r), b.word(r));
        a.row_as_float(r, x.data());
        b.row_as_float(r, y.data());
        ASSERT_EQ(std::memcmp(x.data(), y.data(), x.size() * sizeof(float)), 0) << "row " << r;
    }
}

TEST(TrainingRun, SlicedRunTrainsWhatTheTrainerTrainsInOneGo) {
    const std::string text = planted_corpus(2000, 4);
    for (bool background : {false, true}) {
        // Without threads (the wasm unit tests) both rounds run in the foreground.
        const bool bg = background && test::threads_available();
        auto run = TrainingRun::start(shared_text(text), "planted", small_options(), bg);
        ASSERT_TRUE(run.ok()) << run.error();
        const TrainingState s = run_to_end(**run);
        ASSERT_EQ(s.phase, TrainingPhase::Finished) << s.error;
        EXPECT_EQ(s.background, bg);
        EXPECT_EQ(s.words_done, s.words_total);
        EXPECT_EQ(s.words_total, 3 * s.corpus_words);
        EXPECT_DOUBLE_EQ(s.fraction, 1.0);
        EXPECT_EQ(s.bytes_counted, text.size());
        EXPECT_GT(s.words_per_second, 0);
        auto table = (*run)->table("trained");
        ASSERT_TRUE(table);
        expect_same_rows(*table, *trained_in_one_go(text, small_options()));
    }
}

TEST(TrainingRun, WatchedWordsGetNeighboursPointsAndTheLossFalls) {
    const std::string text = planted_corpus(3000, 5);
    TrainingOptions o = small_options();
    o.params.iter = 5;
    auto run = TrainingRun::start(shared_text(text), "planted", o, false);
    ASSERT_TRUE(run.ok());
    const TrainingState s = run_to_end(**run);
    ASSERT_EQ(s.phase, TrainingPhase::Finished);
    ASSERT_EQ(s.watched.size(), 3u);
    EXPECT_TRUE(s.watched[0].known);
    EXPECT_FALSE(s.watched[2].known);  // not in the corpus
    ASSERT_EQ(s.watched[0].neighbours.size(), 4u);
    // m0_0's nearest words are the other members of group 0 (planted structure).
    for (const auto& n : s.watched[0].neighbours) EXPECT_EQ(n.word.rfind("m0_", 0), 0u) << n.word;
    for (size_t i = 1; i < 4; ++i) EXPECT_GE(s.watched[0].neighbours[i - 1].score, s.watched[0].neighbours[i].score);
    // Points: each known watched word and its neighbours, with PCA coordinates.
    size_t watched_points = 0;
    for (const auto& p : s.points) watched_points += p.watched;
    EXPECT_EQ(watched_points, 2u);
    EXPECT_EQ(s.points.size(), 2u + 8u);
    EXPECT_GT(s.explained_variance, 0.3);
    ASSERT_GE(s.loss_value.size(), 3u);
    EXPECT_LT(s.loss_value.back(), s.loss_value.front());
    for (size_t i = 1; i < s.loss_at.size(); ++i) EXPECT_GE(s.loss_at[i], s.loss_at[i - 1]);
}

TEST(TrainingRun, TwoPartsOnTwoThreadsTrainTheWholeCorpusAndLearnTheStructure) {
    if (!test::threads_available()) GTEST_SKIP() << "no threads in this build";
    const std::string text = planted_corpus(6000, 8);
    TrainingOptions o = small_options();
    o.params.threads = 2;
    o.params.iter = 4;
    auto run = TrainingRun::start(shared_text(text), "planted", o, true);
    ASSERT_TRUE(run.ok());
    const TrainingState s = run_to_end(**run);
    ASSERT_EQ(s.phase, TrainingPhase::Finished) << s.error;
    EXPECT_EQ(s.words_done, s.words_total);
    ASSERT_TRUE(s.watched[0].known);
    for (const auto& n : s.watched[0].neighbours) EXPECT_EQ(n.word.rfind("m0_", 0), 0u) << n.word;
    auto table = (*run)->table("two parts");
    ASSERT_TRUE(table);
    EXPECT_EQ(table->rows(), s.vocabulary);
}

TEST(TrainingRun, PauseHoldsResumeGoesOnStopKeepsAUsableModel) {
    const std::string text = planted_corpus(20000, 6);
    for (bool background : {false, true}) {
        TrainingOptions o = small_options();
        o.params.iter = 50;  // long enough to pause in the middle
        auto made = TrainingRun::start(shared_text(text), "planted", o, background && test::threads_available());
        ASSERT_TRUE(made.ok());
        TrainingRun& run = **made;
        const double until = now_ms() + 30000;
        while (run.state().words_done == 0 && now_ms() < until) run.pump(5);
        ASSERT_GT(run.state().words_done, 0u);
        run.pause();
        auto table = run.table("paused");  // waits for a running slice
        const uint64_t at_pause = run.state().words_done;
        for (int i = 0; i < 5; ++i) run.pump(5);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        EXPECT_EQ(run.state().phase, TrainingPhase::Paused);
        EXPECT_LE(run.state().words_done, at_pause + 20000);  // at most the slice under way
        ASSERT_TRUE(table);
        run.resume();
        EXPECT_EQ(run.state().phase, TrainingPhase::Training);
        const uint64_t resumed = run.state().words_done;
        while (run.state().words_done <= resumed && now_ms() < until) run.pump(5);
        EXPECT_GT(run.state().words_done, resumed);
        run.stop();
        EXPECT_EQ(run.state().phase, TrainingPhase::Stopped);
        auto stopped = run.table("stopped");
        ASSERT_TRUE(stopped);
        EXPECT_EQ(stopped->rows(), run.state().vocabulary);
        const uint64_t at_stop = run.state().words_done;
        for (int i = 0; i < 5; ++i) run.pump(5);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        EXPECT_LT(run.state().words_done, run.state().words_total);
        EXPECT_LE(run.state().words_done, at_stop + 20000);
        EXPECT_FALSE(run.active());
    }
}

TEST(TrainingRun, BadCorporaAndParametersFailWithAMessage) {
    auto empty = TrainingRun::start(shared_text(""), "empty.txt", small_options(), false);
    ASSERT_FALSE(empty.ok());
    EXPECT_NE(empty.error().find("empty.txt"), std::string::npos);

    TrainingOptions bad = small_options();
    bad.params.size = 0;
    auto sized = TrainingRun::start(shared_text("a b c\n"), "x", bad, false);
    ASSERT_FALSE(sized.ok());
    EXPECT_NE(sized.error().find("size"), std::string::npos);

    // Not UTF-8: fails while counting, naming the corpus and the byte.
    auto binary = TrainingRun::start(shared_text("good words\nbad \xff byte\n"), "binary.bin", small_options(), false);
    ASSERT_TRUE(binary.ok());
    TrainingState s = run_to_end(**binary);
    EXPECT_EQ(s.phase, TrainingPhase::Failed);
    EXPECT_NE(s.error.find("binary.bin"), std::string::npos) << s.error;
    EXPECT_NE(s.error.find("15"), std::string::npos) << s.error;  // the byte's offset
    EXPECT_FALSE((*binary)->table("x"));

    // Fewer words than min-count.
    TrainingOptions rare = small_options();
    rare.params.min_count = 100;
    auto few = TrainingRun::start(shared_text("one two three\n"), "few.txt", rare, false);
    ASSERT_TRUE(few.ok());
    s = run_to_end(**few);
    EXPECT_EQ(s.phase, TrainingPhase::Failed);
    EXPECT_NE(s.error.find("min"), std::string::npos) << s.error;

    // Stopped while counting: nothing to keep, said so.
    auto early = TrainingRun::start(shared_text(planted_corpus(10, 1)), "planted", small_options(), false);
    ASSERT_TRUE(early.ok());
    (*early)->stop();
    EXPECT_EQ((*early)->state().phase, TrainingPhase::Failed);
    EXPECT_FALSE((*early)->table("x"));
}

}  // namespace
}  // namespace embx::app
