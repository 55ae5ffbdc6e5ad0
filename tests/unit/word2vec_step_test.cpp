// The step-by-step explanation of one Word2Vec step against the update it explains: on a
// briefly trained model, its changed rows equal what cbow_update / skipgram_update do to full
// copies of the weights (CBOW and skip-gram; negative sampling, hierarchical softmax, both);
// CBOW's h is the context mean; every output's sigmoid, loss and step agree with each other and
// with the rows' moves; the loss drops; drawn negatives are the trainer's draws; bad input is
// refused with a message; apply_word2vec_step applies exactly the explained step once.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/train/word2vec_step.hpp"

namespace embx::train {
namespace {

// Sentences of words w0..w29 with a skewed frequency, so the unigram table has a shape.
std::string corpus(size_t sentences, uint32_t seed) {
    std::mt19937 rng(seed);
    std::string text;
    for (size_t s = 0; s < sentences; ++s) {
        for (size_t k = 0; k < 8; ++k) {
            const size_t w = std::min<size_t>(rng() % 30, rng() % 30);
            text += (k ? " w" : "w") + std::to_string(w);
        }
        text += '\n';
    }
    return text;
}

struct Fixture {
    std::string text;
    std::unique_ptr<Word2VecTrainer> trainer;
};

Fixture trained(bool cbow, bool ns, bool hs) {
    Fixture f;
    f.text = corpus(300, 7);
    Word2VecParams p;
    p.cbow = cbow;
    p.negative = ns ? 5 : 0;
    p.hs = hs;
    p.size = 24;
    p.window = 3;
    p.sample = 0;
    p.min_count = 1;
    p.iter = 1;
    VocabCounter c(false);
    EXPECT_TRUE(c.feed(reinterpret_cast<const uint8_t*>(f.text.data()), f.text.size()).ok());
    auto v = c.finish(1);
    EXPECT_TRUE(v.ok()) << v.error();
    const std::string* text = &f.text;
    ByteReader reader = [text](uint64_t off, uint8_t* out, size_t n) -> Expected<size_t> {
        if (off >= text->size()) return size_t(0);
        const size_t k = std::min<uint64_t>(n, text->size() - off);
        std::memcpy(out, text->data() + off, k);
        return k;
    };
    auto t = Word2VecTrainer::create(p, std::move(*v), text_source_factory(reader, f.text.size(), false));
    EXPECT_TRUE(t.ok()) << t.error();
    f.trainer = std::move(*t);
    EXPECT_TRUE(f.trainer->train_all().ok());  // non-zero output rows: the numbers mean something
    return f;
}

int32_t row_of(const Word2VecTrainer& t, const char* w) {
    const int32_t r = t.vocab().find(w);
    EXPECT_GE(r, 0) << w;
    return r;
}

struct Case {
    bool cbow, ns, hs;
};

class Word2VecStep : public ::testing::TestWithParam<Case> {};

TEST_P(Word2VecStep, ChangedRowsAreWhatTheUpdateDoes) {
    const Case c = GetParam();
    Fixture f = trained(c.cbow, c.ns, c.hs);
    const Word2VecTrainer& t = *f.trainer;
    const size_t D = t.dims(), V = t.vocab().size();
    Word2VecStepInput in;
    in.cbow = c.cbow;
    in.centre = row_of(t, "w3");
    // w1 twice: a repeated context word gets e twice (CBOW) / is paired twice (skip-gram).
    in.context = {row_of(t, "w1"), row_of(t, "w7"), row_of(t, "w1"), row_of(t, "w12")};
    in.draw_negatives = false;
    if (c.ns) in.negatives = {row_of(t, "w0"), row_of(t, "w20"), row_of(t, "w0")};  // w0 twice: moved twice
    in.alpha = 0.05f;
    auto x = explain_word2vec_step(t, in);
    ASSERT_TRUE(x.ok()) << x.error();
    ASSERT_EQ(x->predictions.size(), c.cbow ? 1u : in.context.size());

    // The reference: the update functions on full copies, with the model's rows.
    std::vector<float> syn0(t.input_vectors(), t.input_vectors() + V * D), syn1neg = t.output_vectors(),
                                                                           syn1 = t.hs_vectors();
    const std::vector<float> syn0_0 = syn0, syn1neg_0 = syn1neg, syn1_0 = syn1;
    std::vector<int32_t> ns;
    if (c.ns) {
        ns.push_back(in.centre);
        ns.insert(ns.end(), in.negatives.begin(), in.negatives.end());
    }
    Prediction p;
    p.ns = ns.data();
    p.ns_count = ns.size();
    if (c.hs) {
        p.code = t.vocab().codes[size_t(in.centre)].data();
        p.point = t.vocab().points[size_t(in.centre)].data();
        p.code_length = t.vocab().codes[size_t(in.centre)].size();
    }
    const UpdateContext uc{&t.kernels(), &t.sigmoid_table(), D, in.alpha};
    std::vector<float> neu1(D), e(D);
    std::vector<float> losses;
    if (c.cbow)
        losses.push_back(cbow_update(uc, in.context.data(), in.context.size(), p, syn0.data(), syn1neg.data(),
                                     syn1.data(), neu1.data(), e.data()));
    else
        for (int32_t r : in.context)
            losses.push_back(skipgram_update(uc, r, p, syn0.data(), syn1neg.data(), syn1.data(), e.data()));

    // Every row the reference changed is listed with the same bytes; every listed row is right.
    auto check = [&](const std::vector<Word2VecRowChange>& rows, const std::vector<float>& ref,
                     const std::vector<float>& orig, const char* what) {
        std::vector<bool> listed(orig.size() / D, false);
        for (const Word2VecRowChange& ch : rows) {
            ASSERT_EQ(ch.after.size(), D);
            listed[size_t(ch.row)] = true;
            EXPECT_EQ(0, std::memcmp(ch.after.data(), ref.data() + size_t(ch.row) * D, D * sizeof(float)))
                << what << " row " << ch.row;
            EXPECT_EQ(0, std::memcmp(ch.before.data(), orig.data() + size_t(ch.row) * D, D * sizeof(float)));
        }
        for (size_t r = 0; r < listed.size(); ++r) {
            if (!listed[r]) {
                EXPECT_EQ(0, std::memcmp(ref.data() + r * D, orig.data() + r * D, D * sizeof(float)))
                    << what << " row " << r << " changed but is not listed";
            }
        }
    };
    check(x->input_rows, syn0, syn0_0, "syn0");
    check(x->output_rows, syn1neg, syn1neg_0, "syn1neg");
    check(x->node_rows, syn1, syn1_0, "syn1");
    EXPECT_EQ(x->input_rows.size(), 3u);  // w1, w7, w12
    for (size_t k = 0; k < losses.size(); ++k) EXPECT_EQ(x->predictions[k].loss, losses[k]);
    // The last prediction's input error is the update's.
    EXPECT_EQ(0, std::memcmp(x->predictions.back().e.data(), e.data(), D * sizeof(float)));
    if (c.cbow) {
        EXPECT_EQ(0, std::memcmp(x->predictions[0].h.data(), neu1.data(), D * sizeof(float)));
    }
}

TEST_P(Word2VecStep, OutputsAgreeWithEachOtherAndTheRows) {
    const Case c = GetParam();
    Fixture f = trained(c.cbow, c.ns, c.hs);
    const Word2VecTrainer& t = *f.trainer;
    const size_t D = t.dims();
    Word2VecStepInput in;
    in.cbow = c.cbow;
    in.centre = row_of(t, "w5");
    in.context = {row_of(t, "w2"), row_of(t, "w9"), row_of(t, "w4")};
    in.seed = 42;
    in.alpha = 0.01f;
    auto x = explain_word2vec_step(t, in);
    ASSERT_TRUE(x.ok()) << x.error();
    const Word2VecStepPrediction& p = x->predictions[0];

    // h: CBOW the context mean; skip-gram the first context word's row.
    for (size_t i = 0; i < D; ++i) {
        double want = 0;
        if (c.cbow) {
            for (int32_t r : in.context) want += t.row(size_t(r))[i];
            want /= double(in.context.size());
        } else {
            want = t.row(size_t(in.context[0]))[i];
        }
        EXPECT_NEAR(p.h[i], want, 1e-6) << i;
    }

    size_t words = 0, nodes = 0;
    double loss = 0;
    std::vector<double> e(D, 0.0);
    for (const Word2VecStepOutput& o : p.outputs) {
        // The output row as it was before the step.
        const std::vector<float>& m = o.kind == Word2VecStepOutput::Kind::node ? t.hs_vectors() : t.output_vectors();
        const float* u = m.data() + size_t(o.row) * D;
        double dot = 0;
        for (size_t i = 0; i < D; ++i) dot += double(p.h[i]) * u[i];
        EXPECT_NEAR(o.dot, dot, 1e-5);
        const double exact = 1 / (1 + std::exp(-dot));
        if (!o.clipped) {
            EXPECT_NEAR(o.sigmoid, exact, 0.01);  // the tool's table of 1000 entries
            EXPECT_NEAR(o.gradient, (o.label - o.sigmoid) * in.alpha, 1e-7);
        }
        const double want_loss = o.label == 1 ? std::log1p(std::exp(-dot)) : std::log1p(std::exp(dot));
        EXPECT_NEAR(o.loss, want_loss, 0.01);
        loss += o.loss;
        if (o.kind == Word2VecStepOutput::Kind::word) {
            ++words;
            EXPECT_EQ(o.row, in.centre);
            EXPECT_EQ(o.label, 1.f);
        } else if (o.kind == Word2VecStepOutput::Kind::negative) {
            EXPECT_EQ(o.label, 0.f);
            EXPECT_NE(o.row, in.centre);
        } else {
            ++nodes;
        }
        for (size_t i = 0; i < D; ++i) e[i] += double(o.gradient) * u[i];
    }
    EXPECT_EQ(words, c.ns ? 1u : 0u);
    EXPECT_EQ(nodes, c.hs ? t.vocab().codes[size_t(in.centre)].size() : 0u);
    EXPECT_NEAR(p.loss, loss, 1e-4);
    // e = sum g u (with the old u; no output row repeats here unless a negative was drawn twice).
    bool repeats = false;
    for (size_t a = 0; a < p.outputs.size(); ++a)
        for (size_t b = 0; b < a; ++b)
            repeats |= p.outputs[a].row == p.outputs[b].row && p.outputs[a].kind == p.outputs[b].kind;
    if (!repeats) {
        for (size_t i = 0; i < D; ++i) EXPECT_NEAR(p.e[i], e[i], 1e-6);
    }
    // CBOW: each context row (none repeats here) moves by the whole e.
    if (c.cbow) {
        for (const Word2VecRowChange& ch : x->input_rows)
            for (size_t i = 0; i < D; ++i) EXPECT_NEAR(ch.after[i] - ch.before[i], p.e[i], 1e-6);
    }

    EXPECT_LT(x->loss_after, x->loss_before);
    EXPECT_GT(x->loss_before, 0);
    const std::string text = describe_word2vec_step(*x);
    EXPECT_NE(text.find("\u201cw5\u201d"), std::string::npos) << text;
    EXPECT_NE(text.find("before the step"), std::string::npos) << text;
}

INSTANTIATE_TEST_SUITE_P(All, Word2VecStep,
                         ::testing::Values(Case{true, true, false}, Case{false, true, false}, Case{true, false, true},
                                           Case{false, false, true}, Case{true, true, true}, Case{false, true, true}),
                         [](const auto& i) {
                             return std::string(i.param.cbow ? "Cbow" : "SkipGram") + (i.param.ns ? "Ns" : "") +
                                    (i.param.hs ? "Hs" : "");
                         });

TEST(Word2VecStepNegatives, DrawnAsTrainingDrawsThem) {
    Fixture f = trained(false, true, false);
    const Word2VecTrainer& t = *f.trainer;
    Word2VecStepInput in;
    in.cbow = false;
    in.centre = row_of(t, "w0");  // the most frequent word: some draws hit it and are skipped
    in.context = {row_of(t, "w1"), row_of(t, "w2"), row_of(t, "w3")};
    in.seed = 99;
    auto x = explain_word2vec_step(t, in);
    ASSERT_TRUE(x.ok()) << x.error();
    uint64_t rng = 99;
    for (const Word2VecStepPrediction& p : x->predictions) {
        std::vector<int32_t> want;
        for (uint32_t d = 0; d < t.params().negative; ++d) {
            const int32_t r = t.draw_negative(in.centre, rng);
            if (r >= 0) want.push_back(r);
        }
        ASSERT_EQ(p.outputs.size(), want.size() + 1);
        for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(p.outputs[i + 1].row, want[i]);
    }
    // Another seed, other draws.
    in.seed = 100;
    auto y = explain_word2vec_step(t, in);
    ASSERT_TRUE(y.ok());
    bool differ = false;
    for (size_t i = 1; i < std::min(x->predictions[0].outputs.size(), y->predictions[0].outputs.size()); ++i)
        differ |= x->predictions[0].outputs[i].row != y->predictions[0].outputs[i].row;
    EXPECT_TRUE(differ);
}

TEST(Word2VecStepInputs, BadInputIsRefusedWithAMessage) {
    Fixture f = trained(true, true, false);
    const Word2VecTrainer& t = *f.trainer;
    const int32_t V = int32_t(t.vocab().size());
    auto error_of = [&](const Word2VecStepInput& in) {
        auto x = explain_word2vec_step(t, in);
        return x.ok() ? std::string() : x.error();
    };
    Word2VecStepInput good;
    good.centre = 3;
    good.context = {1, 2};
    ASSERT_EQ(error_of(good), "");

    Word2VecStepInput in = good;
    in.centre = V;
    EXPECT_NE(error_of(in).find("centre word's row " + std::to_string(V) + " is outside"), std::string::npos);
    in.centre = -1;
    EXPECT_NE(error_of(in).find("outside the vocabulary"), std::string::npos);
    in = good;
    in.context = {1, V + 5};
    EXPECT_NE(error_of(in).find("context word's row " + std::to_string(V + 5)), std::string::npos);
    in = good;
    in.context.clear();
    EXPECT_NE(error_of(in).find("CBOW needs at least one context word"), std::string::npos);
    in.cbow = false;
    EXPECT_NE(error_of(in).find("skip-gram needs at least one context word"), std::string::npos);
    in = good;
    in.alpha = 0;
    EXPECT_NE(error_of(in).find("alpha must be positive"), std::string::npos);
    in.alpha = std::nanf("");
    EXPECT_NE(error_of(in).find("alpha must be positive"), std::string::npos);
    in = good;
    in.draw_negatives = false;
    in.negatives = {4, 3};
    EXPECT_NE(error_of(in).find("cannot be the centre word"), std::string::npos);
    in.negatives = {-2};
    EXPECT_NE(error_of(in).find("negative sample's row -2"), std::string::npos);

    Fixture h = trained(true, false, true);
    in = good;
    in.draw_negatives = false;
    in.negatives = {4};
    auto x = explain_word2vec_step(*h.trainer, in);
    ASSERT_FALSE(x.ok());
    EXPECT_NE(x.error().find("no negative sampling"), std::string::npos);
}

TEST(Word2VecStepInputs, FromASentence) {
    Fixture f = trained(true, true, false);
    const Word2VecVocab& v = f.trainer->vocab();
    auto in = word2vec_step_input(v, false, "  w1 w2\tw3 w4 w5 w6 ", 3, 2);
    ASSERT_TRUE(in.ok()) << in.error();
    EXPECT_EQ(in->centre, v.find("w4"));
    EXPECT_EQ(in->context, (std::vector<int32_t>{v.find("w2"), v.find("w3"), v.find("w5"), v.find("w6")}));
    in = word2vec_step_input(v, false, "w1 w2", 0, 5);  // the window is cut at the sentence's ends
    ASSERT_TRUE(in.ok());
    EXPECT_EQ(in->context, (std::vector<int32_t>{v.find("w2")}));
    in = word2vec_step_input(v, true, "W1 W2", 1, 1);  // a lower-cased model finds upper-case words
    ASSERT_TRUE(in.ok()) << in.error();
    EXPECT_EQ(in->centre, v.find("w2"));

    auto bad = word2vec_step_input(v, false, "w1 zebra w2", 0, 2);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error(), "\u201czebra\u201d (word 2) is not in the vocabulary");
    bad = word2vec_step_input(v, false, "w1 w2", 2, 2);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().find("no word 3"), std::string::npos);
    EXPECT_FALSE(word2vec_step_input(v, false, "   ", 0, 2).ok());
    EXPECT_FALSE(word2vec_step_input(v, false, "w1 w2", 0, 0).ok());
}

TEST(Word2VecStepApply, AppliesTheExplainedStepOnce) {
    Fixture f = trained(false, true, true);
    Word2VecTrainer& t = *f.trainer;
    const size_t D = t.dims();
    Word2VecStepInput in;
    in.cbow = false;
    in.centre = row_of(t, "w6");
    in.context = {row_of(t, "w8"), row_of(t, "w2")};
    auto x = explain_word2vec_step(t, in);
    ASSERT_TRUE(x.ok()) << x.error();
    ASSERT_TRUE(apply_word2vec_step(t, *x).ok());
    for (const Word2VecRowChange& c : x->input_rows)
        EXPECT_EQ(0, std::memcmp(t.row(size_t(c.row)), c.after.data(), D * sizeof(float)));
    for (const Word2VecRowChange& c : x->output_rows)
        EXPECT_EQ(0, std::memcmp(t.output_vectors().data() + size_t(c.row) * D, c.after.data(), D * sizeof(float)));
    for (const Word2VecRowChange& c : x->node_rows)
        EXPECT_EQ(0, std::memcmp(t.hs_vectors().data() + size_t(c.row) * D, c.after.data(), D * sizeof(float)));
    // The same explanation again: the rows no longer hold `before`; nothing changes.
    const std::vector<float> syn1neg = t.output_vectors();
    Status again = apply_word2vec_step(t, *x);
    ASSERT_FALSE(again.ok());
    EXPECT_NE(again.error().find("changed since"), std::string::npos);
    EXPECT_EQ(syn1neg, t.output_vectors());
    // A new explanation on the moved model starts from where the step left it, lower loss.
    auto y = explain_word2vec_step(t, in);
    ASSERT_TRUE(y.ok());
    EXPECT_NEAR(y->loss_before, x->loss_after, 1e-4);
}

}  // namespace
}  // namespace embx::train
