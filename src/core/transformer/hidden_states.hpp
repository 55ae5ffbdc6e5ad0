// What a forward pass returns, by Hugging Face's output_hidden_states=True convention:
// layers[0] is the embedding output, then one entry per layer (a decoder's last after its
// final norm). Each entry is token-major: [token * hidden + i].
#pragma once

#include <cstddef>
#include <vector>

namespace embx {

struct HiddenStates {
    size_t tokens = 0, hidden = 0;
    std::vector<std::vector<float>> layers;
    // Only when asked: [layer][head * tokens * tokens + query * tokens + key].
    std::vector<std::vector<float>> attentions;
};

}  // namespace embx
