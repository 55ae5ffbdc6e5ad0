// The Word2Vec trainer end to end on generated text: planted structure is learnt (words that
// always share contexts become each other's nearest neighbours) by CBOW and skip-gram with
// either objective; one part and one seed give the same bytes; parts tile the corpus; bad
// parameters are refused before any work; a stop leaves a usable model.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/train/word2vec_trainer.hpp"

namespace embx::train {
namespace {

constexpr size_t kGroups = 4, kMembers = 5, kContexts = 6;

std::string member(size_t g, size_t i) { return "m" + std::to_string(g) + "_" + std::to_string(i); }

// Sentences "c c m c c": a member of a group amid that group's context words.
std::string planted_corpus(size_t sentences, uint32_t seed) {
    std::mt19937 rng(seed);
    std::string text;
    for (size_t s = 0; s < sentences; ++s) {
        const size_t g = rng() % kGroups;
        for (size_t k = 0; k < 5; ++k) {
            if (k) text += ' ';
            if (k == 2) text += member(g, rng() % kMembers);
            else text += "c" + std::to_string(g) + "_" + std::to_string(rng() % kContexts);
        }
        text += '\n';
    }
    return text;
}

ByteReader reader_of(const std::string& text) {
    return [&text](uint64_t off, uint8_t* out, size_t n) -> Expected<size_t> {
        if (off >= text.size()) return size_t(0);
        const size_t k = std::min<uint64_t>(n, text.size() - off);
        std::memcpy(out, text.data() + off, k);
        return k;
    };
}

std::unique_ptr<Word2VecTrainer> make_trainer(const std::string& text, const Word2VecParams& p) {
    VocabCounter c(p.lowercase);
    EXPECT_TRUE(c.feed(reinterpret_cast<const uint8_t*>(text.data()), text.size()).ok());
    auto v = c.finish(p.min_count);
    EXPECT_TRUE(v.ok()) << v.error();
    auto t = Word2VecTrainer::create(p, std::move(*v), text_source_factory(reader_of(text), text.size(), p.lowercase));
    EXPECT_TRUE(t.ok()) << t.error();
    return t.ok() ? std::move(*t) : nullptr;
}

double cosine(const float* a, const float* b, size_t n) {
    double ab = 0, aa = 0, bb = 0;
    for (size_t i = 0; i < n; ++i) ab += double(a[i]) * b[i], aa += double(a[i]) * a[i], bb += double(b[i]) * b[i];
    return ab / std::sqrt(aa * bb + 1e-30);
}

Word2VecParams small_params(bool cbow, bool hs) {
    Word2VecParams p;
    p.cbow = cbow;
    p.hs = hs;
    p.negative = hs ? 0 : 5;
    p.size = 16;
    p.window = 2;
    p.sample = 0;
    p.min_count = 1;
    p.iter = 8;
    return p;
}

struct Model {
    bool cbow, hs;
};

class Word2VecPlanted : public ::testing::TestWithParam<Model> {};

TEST_P(Word2VecPlanted, MembersOfAGroupAreEachOthersNearest) {
    const std::string text = planted_corpus(4000, 7);
    auto t = make_trainer(text, small_params(GetParam().cbow, GetParam().hs));
    ASSERT_TRUE(t);
    ASSERT_TRUE(t->train_all().ok());
    EXPECT_TRUE(t->finished());
    const auto g = t->progress();
    EXPECT_EQ(g.words_done, g.words_total);
    // Among all members, each member's nearest other member is in its own group.
    size_t right = 0;
    for (size_t ga = 0; ga < kGroups; ++ga)
        for (size_t a = 0; a < kMembers; ++a) {
            const int32_t ra = t->vocab().find(member(ga, a));
            ASSERT_GE(ra, 0);
            double best = -2;
            size_t best_group = kGroups;
            for (size_t gb = 0; gb < kGroups; ++gb)
                for (size_t b = 0; b < kMembers; ++b) {
                    if (ga == gb && a == b) continue;
                    const double c = cosine(t->row(size_t(ra)), t->row(size_t(t->vocab().find(member(gb, b)))), 16);
                    if (c > best) best = c, best_group = gb;
                }
            right += best_group == ga;
        }
    EXPECT_EQ(right, kGroups * kMembers);
    // The loss fell below that of guessing (log 2 per binary decision, several per prediction).
    EXPECT_GT(g.predictions, 0u);
}

INSTANTIATE_TEST_SUITE_P(All, Word2VecPlanted,
                         ::testing::Values(Model{false, false}, Model{true, false}, Model{false, true},
                                           Model{true, true}),
                         [](const ::testing::TestParamInfo<Model>& i) {
                             return std::string(i.param.cbow ? "Cbow" : "SkipGram") +
                                    (i.param.hs ? "HierarchicalSoftmax" : "NegativeSampling");
                         });

TEST(Word2VecTrainer, OneThreadSameSeedSameBytes) {
    const std::string text = planted_corpus(1500, 3);
    for (bool cbow : {true, false}) {
        Word2VecParams p = small_params(cbow, false);
        p.sample = 1e-2;  // subsampling draws random numbers too
        p.hs = true;
        auto a = make_trainer(text, p), b = make_trainer(text, p);
        ASSERT_TRUE(a && b);
        ASSERT_TRUE(a->train_all().ok());
        // b in small steps, as the page runs it: the same result.
        while (true) {
            auto n = b->train(0, 1000);
            ASSERT_TRUE(n.ok());
            if (*n == 0) break;
        }
        const size_t bytes = a->vocab().size() * p.size * sizeof(float);
        EXPECT_EQ(std::memcmp(a->input_vectors(), b->input_vectors(), bytes), 0) << "cbow " << cbow;
        p.seed = 2;
        auto c = make_trainer(text, p);
        ASSERT_TRUE(c->train_all().ok());
        EXPECT_NE(std::memcmp(a->input_vectors(), c->input_vectors(), bytes), 0);
    }
}

TEST(Word2VecTrainer, PartsTileTheCorpus) {
    const std::string text = planted_corpus(997, 5) + "last words without newline";
    for (uint32_t parts : {1u, 2u, 3u, 7u}) {
        auto offsets = text_part_offsets(reader_of(text), text.size(), parts);
        ASSERT_TRUE(offsets.ok());
        for (size_t i = 1; i < parts; ++i) {
            const uint64_t o = (*offsets)[i];
            EXPECT_TRUE(o == text.size() || is_corpus_space(uint8_t(text[o - 1]))) << "part " << i;
        }
        Word2VecParams p = small_params(true, false);
        p.threads = parts;
        p.iter = 2;
        auto t = make_trainer(text, p);
        ASSERT_TRUE(t);
        // Interleave the parts on this thread, a few words at a time.
        bool any = true;
        while (any) {
            any = false;
            for (size_t i = 0; i < t->parts(); ++i) {
                auto n = t->train(i, 500);
                ASSERT_TRUE(n.ok());
                any |= *n > 0;
            }
        }
        EXPECT_TRUE(t->finished());
        EXPECT_EQ(t->progress().words_done, 2 * t->vocab().corpus_words) << parts << " parts";
    }
}

TEST(Word2VecTrainer, SubsamplingKeepsRareWordsAndThinsFrequentOnes) {
    // "the" is half the corpus; with sample 1e-3 the tool keeps it with probability
    // (sqrt(f / s) + 1) * s / f, f its share: about 4.6%.
    std::string text;
    for (int i = 0; i < 20000; ++i) text += "the w" + std::to_string(i % 2000) + "\n";
    Word2VecParams p = small_params(false, false);
    p.sample = 1e-3;
    p.iter = 1;
    p.window = 1;
    auto t = make_trainer(text, p);
    ASSERT_TRUE(t->train_all().ok());
    // Skip-gram predictions: one per (kept word, kept neighbour) pair in two-word sentences:
    // both kept with p_the * p_w, each pair gives two predictions.
    const double f_the = 20000.0 / 60000.0, f_w = 10.0 / 60000.0, s = 1e-3;
    auto keep = [s](double f) { return std::min(1.0, (std::sqrt(f / s) + 1) * s / f); };
    const double expected = 20000 * 2 * keep(f_the) * keep(f_w);
    EXPECT_NEAR(double(t->progress().predictions), expected, expected * 0.15);
}

TEST(Word2VecTrainer, BadParametersAreRefusedBeforeAnyWork) {
    auto refused = [](auto change, const char* word) {
        Word2VecParams p;
        change(p);
        Status s = validate_params(p);
        EXPECT_FALSE(s.ok()) << word;
        EXPECT_NE(s.error().find(word), std::string::npos) << s.error();
    };
    refused([](Word2VecParams& p) { p.size = 0; }, "size");
    refused([](Word2VecParams& p) { p.window = 0; }, "window");
    refused([](Word2VecParams& p) { p.negative = 1000000; }, "negative");
    refused([](Word2VecParams& p) { p.negative = 0; }, "negative > 0 or hs");
    refused([](Word2VecParams& p) { p.alpha = -0.1; }, "alpha");
    refused([](Word2VecParams& p) { p.iter = 0; }, "iter");
    refused([](Word2VecParams& p) { p.sample = -1; }, "sample");
    refused([](Word2VecParams& p) { p.threads = 0; }, "threads");
    EXPECT_TRUE(validate_params(Word2VecParams{}).ok());
    EXPECT_DOUBLE_EQ(Word2VecParams{}.starting_alpha(), 0.05);
    Word2VecParams sg;
    sg.cbow = false;
    EXPECT_DOUBLE_EQ(sg.starting_alpha(), 0.025);
    // The trainer checks them too, and a model too large for memory, before allocating.
    Word2VecVocab v;
    v.words = {"</s>", "a"};
    v.counts = {1, 1};
    v.corpus_words = 2;
    v.train_words = 2;
    ASSERT_TRUE(build_huffman(v).ok());
    Word2VecParams bad;
    bad.size = 0;
    auto t = Word2VecTrainer::create(bad, v, nullptr);
    ASSERT_FALSE(t.ok());
    EXPECT_NE(t.error().find("size"), std::string::npos);
}

TEST(Word2VecTrainer, StopLeavesAUsableModel) {
    const std::string text = planted_corpus(3000, 9);
    auto t = make_trainer(text, small_params(false, false));
    auto n = t->train(0, 2000);
    ASSERT_TRUE(n.ok());
    EXPECT_GE(*n, 2000u);
    t->request_stop();
    n = t->train(0, 2000);
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(*n, 0u);
    EXPECT_FALSE(t->finished());
    auto table = t->to_table("stopped");
    ASSERT_EQ(table->rows(), t->vocab().size());
    EXPECT_EQ(table->dims(), 16u);
    for (size_t r = 0; r < table->rows(); ++r)
        for (size_t i = 0; i < 16; ++i) ASSERT_TRUE(std::isfinite(t->row(r)[i]));
}

}  // namespace
}  // namespace embx::train
