// Word2Vec's update step against the objective it descends: for CBOW and skip-gram, with
// negative sampling and with hierarchical softmax, every weight the step moves must move by
// -alpha times the gradient that finite differences of the loss give (CBOW: each context row
// by the gradient with respect to their mean, as the tool does). Also the training kernels
// of every instruction set against the scalar reference.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "core/kernels/train.hpp"
#include "core/train/word2vec_update.hpp"
#include "core/train/word2vec_vocab.hpp"

namespace embx::train {
namespace {

constexpr size_t kV = 12, kD = 16;

std::vector<float> random_matrix(size_t n, uint32_t seed, float scale) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-scale, scale);
    std::vector<float> m(n);
    for (float& x : m) x = u(rng);
    return m;
}

double log_sigmoid(double x) { return -std::log1p(std::exp(-x)); }

// The loss of predicting `p` from h, in double.
double loss_of(const std::vector<double>& h, const Prediction& p, const std::vector<float>& syn1neg,
               const std::vector<float>& syn1) {
    double L = 0;
    auto dot = [&](const std::vector<float>& m, size_t row) {
        double s = 0;
        for (size_t i = 0; i < kD; ++i) s += h[i] * double(m[row * kD + i]);
        return s;
    };
    for (size_t d = 0; d < p.code_length; ++d) L -= log_sigmoid((p.code[d] ? -1 : 1) * dot(syn1, p.point[d]));
    for (size_t d = 0; d < p.ns_count; ++d) L -= log_sigmoid((d == 0 ? 1 : -1) * dot(syn1neg, size_t(p.ns[d])));
    return L;
}

struct Case {
    bool cbow, hs;
};

class Word2VecGradient : public ::testing::TestWithParam<Case> {};

TEST_P(Word2VecGradient, StepIsMinusAlphaTimesTheGradient) {
    const Case c = GetParam();
    std::vector<float> syn0 = random_matrix(kV * kD, 1, 0.4f), syn1neg = random_matrix(kV * kD, 2, 0.4f),
                       syn1 = random_matrix(kV * kD, 3, 0.4f);
    const std::vector<int32_t> ns = {3, 7, 9, 11};
    const std::vector<int32_t> context = {1, 2, 5};
    const int32_t sg_input = 4;
    // A Huffman tree over kV words, to take word 3's path.
    Word2VecVocab vocab;
    for (size_t i = 0; i < kV; ++i) {
        vocab.words.push_back("w" + std::to_string(i));
        vocab.counts.push_back(100 - 7 * i);
    }
    ASSERT_TRUE(build_huffman(vocab).ok());
    Prediction p;
    if (c.hs) {
        p.code = vocab.codes[3].data();
        p.point = vocab.points[3].data();
        p.code_length = vocab.codes[3].size();
        ASSERT_GE(p.code_length, 2u);
    } else {
        p.ns = ns.data();
        p.ns_count = ns.size();
    }

    // The loss as a function of all the weights (h from syn0 as the model computes it).
    auto loss = [&](const std::vector<float>& s0, const std::vector<float>& s1n, const std::vector<float>& s1) {
        std::vector<double> h(kD, 0.0);
        if (c.cbow) {
            for (int32_t r : context)
                for (size_t i = 0; i < kD; ++i) h[i] += double(s0[size_t(r) * kD + i]) / double(context.size());
        } else {
            for (size_t i = 0; i < kD; ++i) h[i] = s0[size_t(sg_input) * kD + i];
        }
        return loss_of(h, p, s1n, s1);
    };

    const SigmoidTable table(size_t(1) << 22);  // fine enough to compare with exact gradients
    const float alpha = 0.01f;
    const UpdateContext ctx{&kernels::train_kernels_ref(), &table, kD, alpha};
    std::vector<float> a0 = syn0, a1n = syn1neg, a1 = syn1, neu1(kD), e(kD);
    float L;
    if (c.cbow)
        L = cbow_update(ctx, context.data(), context.size(), p, a0.data(), a1n.data(), a1.data(), neu1.data(),
                        e.data());
    else L = skipgram_update(ctx, sg_input, p, a0.data(), a1n.data(), a1.data(), e.data());
    EXPECT_NEAR(L, loss(syn0, syn1neg, syn1), 1e-4);

    // Every weight of every matrix: step / alpha == -dL/dw (CBOW input rows: times the
    // context size, the tool's convention).
    const double eps = 1e-3;
    size_t checked = 0;
    auto check = [&](std::vector<float>& m, const std::vector<float>& after, double factor, const char* name) {
        for (size_t k = 0; k < m.size(); ++k) {
            const float keep = m[k];
            m[k] = keep + float(eps);
            const double up = loss(syn0, syn1neg, syn1);
            m[k] = keep - float(eps);
            const double down = loss(syn0, syn1neg, syn1);
            m[k] = keep;
            const double grad = (up - down) / (double(keep + float(eps)) - double(keep - float(eps)));
            const double step = (double(after[k]) - double(keep)) / alpha;
            ASSERT_NEAR(step, -factor * grad, 2e-3 + 2e-3 * std::fabs(grad)) << name << "[" << k << "]";
            if (grad != 0) ++checked;
        }
    };
    check(syn0, a0, c.cbow ? double(context.size()) : 1.0, "syn0");
    if (c.hs) check(syn1, a1, 1.0, "syn1");
    else check(syn1neg, a1n, 1.0, "syn1neg");
    EXPECT_GT(checked, 2 * kD);
}

INSTANTIATE_TEST_SUITE_P(All, Word2VecGradient,
                         ::testing::Values(Case{false, false}, Case{false, true}, Case{true, false}, Case{true, true}),
                         [](const ::testing::TestParamInfo<Case>& i) {
                             return std::string(i.param.cbow ? "Cbow" : "SkipGram") +
                                    (i.param.hs ? "HierarchicalSoftmax" : "NegativeSampling");
                         });

TEST(Word2VecSigmoid, TableMatchesTheFunction) {
    const SigmoidTable t;  // the tool's 1000 entries
    for (double x = -5.99; x < 5.99; x += 0.01) {
        EXPECT_NEAR(t.sigmoid(float(x)), 1 / (1 + std::exp(-x)), 4e-3) << x;
        EXPECT_NEAR(t.neg_log_sigmoid(float(x)), std::log1p(std::exp(-x)), 1.2e-2) << x;
    }
    EXPECT_FALSE(t.in_range(6.f));
    EXPECT_FLOAT_EQ(t.neg_log_sigmoid(10.f), 0.f);
    EXPECT_FLOAT_EQ(t.neg_log_sigmoid(-10.f), 10.f);
}

// Every compiled training kernel set against the scalar reference.
TEST(Word2VecKernels, EveryIsaAgreesWithTheReference) {
    const auto& ref = kernels::train_kernels_ref();
    std::vector<kernels::Isa> isas = {kernels::Isa::Ref, kernels::Isa::Avx2, kernels::Isa::Simd128};
    size_t tested = 0;
    for (kernels::Isa isa : isas) {
        const kernels::TrainKernels* k = kernels::train_kernels_for(isa);
        if (!k) continue;
        ++tested;
        for (size_t n : {0, 1, 3, 4, 7, 8, 15, 16, 17, 97, 100, 300}) {
            const auto a = random_matrix(n, uint32_t(n + 1), 1.f), b = random_matrix(n, uint32_t(n + 2), 1.f);
            EXPECT_NEAR(k->dot(a.data(), b.data(), n), ref.dot(a.data(), b.data(), n), 1e-4 * double(n + 1)) << n;
            std::vector<float> y1 = b, y2 = b;
            k->axpy(0.37f, a.data(), y1.data(), n);
            ref.axpy(0.37f, a.data(), y2.data(), n);
            for (size_t i = 0; i < n; ++i) EXPECT_NEAR(y1[i], y2[i], 1e-6) << n;
            std::vector<float> u1 = a, u2 = a, e1 = b, e2 = b;
            const auto h = random_matrix(n, uint32_t(n + 3), 1.f);
            k->axpy_pair(-0.21f, u1.data(), h.data(), e1.data(), n);
            ref.axpy_pair(-0.21f, u2.data(), h.data(), e2.data(), n);
            for (size_t i = 0; i < n; ++i) {
                EXPECT_NEAR(u1[i], u2[i], 1e-6) << n;
                EXPECT_NEAR(e1[i], e2[i], 1e-6) << n;
            }
        }
    }
    EXPECT_GE(tested, 1u);
#if defined(__wasm_simd128__)
    EXPECT_EQ(kernels::best_train_kernels().isa, kernels::Isa::Simd128);
#endif
}

}  // namespace
}  // namespace embx::train
