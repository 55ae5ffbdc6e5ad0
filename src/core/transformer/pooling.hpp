// Sentence embeddings from the last hidden state, as sentence-transformers computes them.
#pragma once

#include <string_view>
#include <vector>

#include "core/transformer/hidden_states.hpp"

namespace embx {

// 1_Pooling/config.json's pooling_mode_*: mean (also the default without a config), the
// first token ([CLS]), the largest value per dimension, or the last token (decoder embedders).
enum class Pooling { Mean, Cls, Max, LastToken };
std::string_view pooling_name(Pooling p);  // "mean", "cls", "max", "lasttoken"

// The pooled last layer; L2-normalised when `normalize` (a 2_Normalize module).
std::vector<float> pool(const HiddenStates& hs, Pooling mode, bool normalize);
inline std::vector<float> mean_pool(const HiddenStates& hs, bool normalize) { return pool(hs, Pooling::Mean, normalize); }

}  // namespace embx
