// Sentence embeddings from the last hidden state, as sentence-transformers computes them.
#pragma once

#include <vector>

#include "core/transformer/hidden_states.hpp"

namespace embx {

// Mean over tokens of the last layer; L2-normalised when `normalize` (a 2_Normalize module).
std::vector<float> mean_pool(const HiddenStates& hs, bool normalize);

}  // namespace embx
