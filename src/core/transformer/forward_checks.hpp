// Input checks shared by the encoder and the decoder.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "core/transformer/transformer_config.hpp"

namespace embx {

inline Status check_ids(const TransformerConfig& c, const std::vector<uint32_t>& ids) {
    if (ids.empty()) return Error{"no tokens to run"};
    if (c.max_positions && ids.size() > c.max_positions)
        return Error{std::to_string(ids.size()) + " tokens, more than max_position_embeddings " +
                     std::to_string(c.max_positions)};
    for (uint32_t id : ids)
        if (id >= c.vocab)
            return Error{"token id " + std::to_string(id) + " is past the vocabulary (" + std::to_string(c.vocab) + ")"};
    return Status::success();
}

}  // namespace embx
