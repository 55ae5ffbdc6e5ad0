// Which tensor of a model file is the input-embedding matrix: shared by the safetensors and
// GGUF importers, so both recognise the same names and explain their choice the same way.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.hpp"

namespace embx {

struct TensorCandidate {
    std::string name;
    std::vector<uint64_t> shape;  // as the format writes it
    uint64_t rows = 0;            // rows of the matrix it would be (0 when not 2-D)
};

struct TensorChoice {
    size_t index = 0;
    std::string reason;  // "requested", "well-known name", "the 2-D tensor with the most rows"
};

// The tensor named `requested` if not empty, else the first of the well-known embedding names
// present, else (when `allow_shape_guess`) the only 2-D tensor with the most rows.
// The error lists the 2-D tensors to choose from.
Expected<TensorChoice> choose_embedding_tensor(const std::vector<TensorCandidate>& tensors,
                                               const std::string& requested, bool allow_shape_guess);

// Well-known names of input-embedding matrices, most common first.
const std::vector<std::string>& well_known_embedding_names();

}  // namespace embx
