// What the Context tab computes from hidden states: how a token's vector changes layer by
// layer, how the tokens of a sentence resemble each other at one layer, and which static
// tokens (rows of the model's own embedding matrix) a hidden state is closest to.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/transformer/hidden_states.hpp"
#include "core/transformer/weights.hpp"

namespace embx {

double cosine(const float* a, const float* b, size_t n);  // 0 when either is all zeros

// cos(a's token ta, b's token tb) at every layer (same model: the same number of layers).
std::vector<double> layer_cosines(const HiddenStates& a, size_t ta, const HiddenStates& b, size_t tb);
// tokens x tokens cosines at `layer`, row-major.
std::vector<float> token_cosines(const HiddenStates& hs, size_t layer);

struct StaticNeighbour {
    uint32_t id = 0;
    float score = 0;
};
// The embedding matrix's row norms, once per model (zero rows get 0).
std::vector<float> row_norms(const Matrix& embeddings);
// The k rows of `embeddings` nearest to v by cosine, best first (ties: lower id first).
std::vector<StaticNeighbour> nearest_rows(const Matrix& embeddings, const std::vector<float>& norms, const float* v,
                                          size_t k);

}  // namespace embx
