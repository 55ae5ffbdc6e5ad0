// One Word2Vec training step explained with the real numbers of a model, for the Classroom:
// the one-hot input(s), the hidden vector h, every output (the word predicted, label 1, and
// each negative sample, label 0; with -hs also each inner node on the word's Huffman path),
// the step g of each, how each output row and input row moves, and the loss before and after.
//
// The numbers come from the update code itself, so the explanation cannot drift from training:
// the rows the step touches are copied out of the trainer and cbow_update / skipgram_update
// (word2vec_update.hpp) run on the copies; the per-output table repeats their forward pass with
// the same kernels, sigmoid table and output_gradient().
//
// What the two models predict (as the original tool trains them):
//   CBOW: h is the mean of the context rows; it predicts the centre word; every context row
//     then moves by the whole input error e.
//   skip-gram: one prediction per context word. The tool feeds each (centre, context) pair as
//     the context word's row (h IS that embedding row) predicting the centre word, with fresh
//     negatives per pair: the same pairs as "the centre predicts each context word", the two
//     ends swapped. Predictions run in order, each on the weights the previous one left.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "core/train/word2vec_trainer.hpp"

namespace embx::train {

struct Word2VecStepInput {
    bool cbow = true;  // the model explained (either works on any trained weights)
    int32_t centre = -1;  // the centre word's row
    std::vector<int32_t> context;  // the context words' rows (repeats allowed, as in a sentence)
    // Negative samples: drawn per prediction from the trainer's unigram^0.75 table (params()
    // .negative draws, draws equal to the centre skipped as in training) with the tool's LCG
    // started at `seed`; or, with draw_negatives false, exactly `negatives` for every
    // prediction. Ignored with -negative 0 (hierarchical softmax only).
    bool draw_negatives = true;
    uint64_t seed = 1;
    std::vector<int32_t> negatives;
    float alpha = 0.025f;  // the learning rate
};

// The centre word `centre` (0-based word position) of `text` (split on whitespace, lower-cased
// when the model was) and the words up to `window` positions either side as the context.
// Errors: a word not in the vocabulary, no such position, window 0.
Expected<Word2VecStepInput> word2vec_step_input(const Word2VecVocab& vocab, bool lowercase, std::string_view text,
                                                size_t centre, size_t window);

struct Word2VecStepOutput {
    enum class Kind { word, negative, node };  // the word predicted, a negative, a Huffman node
    Kind kind = Kind::word;
    int32_t row = 0;  // syn1neg row (= the word's row) or syn1 row (inner node)
    std::string word;  // the word ("" for a node)
    float label = 1;  // 1 or 0 (a node: 1 - its code bit)
    float dot = 0;  // h.u
    float sigmoid = 0;  // s(h.u) as the step used it (0 or 1 outside [-6, 6] for negative sampling)
    bool clipped = false;  // |h.u| >= 6: outside the sigmoid table (a node is then skipped)
    float loss = 0;  // -log s(h.u) for label 1, -log s(-h.u) for label 0
    float gradient = 0;  // g = (label - s) * alpha: u += g h, e += g u
};

struct Word2VecStepPrediction {
    int32_t input = -1;  // skip-gram: the context word whose row is h; CBOW: -1 (h is the mean)
    int32_t target = 0;  // the word predicted (the centre)
    std::vector<float> h;  // the hidden layer
    std::vector<Word2VecStepOutput> outputs;  // Huffman nodes first, then the word, then negatives
    std::vector<float> e;  // the input error sum of g u (old u), added to the input row(s)
    float loss = 0;  // this prediction's loss, as the update computed it
};

// A row the step changed: before and after (one entry per row, however often it is used).
struct Word2VecRowChange {
    int32_t row = 0;
    std::string word;  // "" for a Huffman node
    std::vector<float> before, after;
};

struct Word2VecStepExplanation {
    bool cbow = true;
    bool hs = false;  // the model has hierarchical softmax weights (syn1)
    bool negative_sampling = false;  // ... and negative-sampling ones (syn1neg)
    size_t vocab_size = 0, dims = 0;
    float alpha = 0;
    int32_t centre = 0;
    std::string centre_word;
    std::vector<int32_t> context;
    std::vector<std::string> context_words;
    std::vector<Word2VecStepPrediction> predictions;  // CBOW: one; skip-gram: one per context word
    std::vector<Word2VecRowChange> input_rows;  // syn0: the embeddings
    std::vector<Word2VecRowChange> output_rows;  // syn1neg
    std::vector<Word2VecRowChange> node_rows;  // syn1
    // The summed loss of the same predictions (same negatives) on the weights before the step
    // and after it: the step is a gradient step, so after < before for a small alpha.
    double loss_before = 0, loss_after = 0;
};

// Explains one step on the trainer's current weights (read only; call between training steps).
// Errors: a row outside the vocabulary, no context, alpha not > 0, negatives given for a model
// without negative sampling or equal to the centre.
Expected<Word2VecStepExplanation> explain_word2vec_step(const Word2VecTrainer& trainer, const Word2VecStepInput& in);

// Applies exactly the explained step to the trainer's weights: every changed row gets its
// `after`. Only while no part trains, and only if the rows still hold `before` (else an error
// and nothing changes: the model moved on since the explanation).
Status apply_word2vec_step(Word2VecTrainer& trainer, const Word2VecStepExplanation& step);

// A few lines of plain text for the accessibility text view: the model, the input, h, the
// outputs of the first prediction and the loss before and after. Words escaped for display.
std::string describe_word2vec_step(const Word2VecStepExplanation& step);

}  // namespace embx::train
