// One Word2Vec prediction: the forward pass, the loss and the SGD update, for CBOW and
// skip-gram with negative sampling and/or hierarchical softmax. Pure functions on the weight
// arrays, so tests can check them against finite differences of the objective.
//
// Objective of one prediction of word w from the hidden vector h (the tool's, and the
// article's: the hidden layer is the embedding row):
//   negative sampling:  L = -log s(h.u_w) - sum_k log s(-h.u_k)       u = syn1neg rows
//   hierarchical softmax: L = -sum_d log s((1 - 2 code_d) h.v_d)       v = syn1 rows on w's path
// with s the logistic sigmoid. The update is one step of size alpha against the gradient:
// every output row u moves by -alpha dL/du (computed with the old h), and the input error
// e = -alpha dL/dh is accumulated for the caller to apply:
//   skip-gram: h is the context word's syn0 row; it moves by e;
//   CBOW: h is the mean of the context rows; each context row moves by the whole e (as the
//   tool and gensim's cbow_mean=1 do: the step on each row is cw times its true gradient).
// Like the tool, the sigmoid comes from a table over [-6, 6]; outside, negative sampling uses
// 0 or 1 and hierarchical softmax skips the node.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/kernels/train.hpp"

namespace embx::train {

class SigmoidTable {
public:
    static constexpr float kMaxExp = 6;
    // The tool uses 1000 entries; tests use many more to compare with exact gradients.
    explicit SigmoidTable(size_t entries = 1000);
    bool in_range(float x) const { return x > -kMaxExp && x < kMaxExp; }
    // Only for in_range(x).
    float sigmoid(float x) const { return sig_[index(x)]; }
    // -log s(x) for any x (the loss); outside the table, max(0, -x).
    float neg_log_sigmoid(float x) const {
        if (x >= kMaxExp) return 0;
        if (x <= -kMaxExp) return -x;
        return nls_[index(x)];
    }

private:
    size_t index(float x) const { return size_t((x + kMaxExp) * scale_); }
    float scale_;
    std::vector<float> sig_, nls_;
};

// The step g of one output with logit x = h.u and label (1: the word predicted, or a Huffman
// node's branch 1 - code; 0: a negative sample), so that u += g h and e += g u:
// g = (label - s(x)) * alpha. Outside the table's range negative sampling takes s = 0 or 1 (the
// tool's rule); hierarchical softmax skips the node instead (it checks in_range first).
// Shared by the update below and the step-by-step explanation (word2vec_step.hpp).
inline float output_gradient(const SigmoidTable& s, float x, float label, float alpha) {
    if (x >= SigmoidTable::kMaxExp) return (label - 1) * alpha;
    if (x <= -SigmoidTable::kMaxExp) return label * alpha;
    return (label - s.sigmoid(x)) * alpha;
}

struct UpdateContext {
    const kernels::TrainKernels* k;
    const SigmoidTable* sigmoid;
    size_t dims;
    float alpha;
};

// What one prediction predicts: negative sampling rows (ns[0] the true word, then the
// negatives) and/or the word's Huffman path (code/point, hierarchical softmax).
struct Prediction {
    const int32_t* ns = nullptr;
    size_t ns_count = 0;
    const uint8_t* code = nullptr;
    const uint32_t* point = nullptr;
    size_t code_length = 0;
};

// The output side for hidden vector h: updates syn1neg / syn1 rows, adds -alpha dL/dh to e,
// returns L.
float predict_and_update(const UpdateContext& c, const float* h, const Prediction& p, float* syn1neg, float* syn1,
                         float* e);

// Skip-gram: the context word `input` (its syn0 row is h) predicts p. Returns L.
float skipgram_update(const UpdateContext& c, int32_t input, const Prediction& p, float* syn0, float* syn1neg,
                      float* syn1, float* e);

// CBOW: the mean of the context rows predicts p; neu1 and e are scratch of `dims` floats.
// Returns L; does nothing (returns 0) without context.
float cbow_update(const UpdateContext& c, const int32_t* context, size_t context_count, const Prediction& p,
                  float* syn0, float* syn1neg, float* syn1, float* neu1, float* e);

}  // namespace embx::train
