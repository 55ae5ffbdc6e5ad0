// A Hugging Face model folder on disk, loaded for `embx hidden` and `embx embed`: its config,
// weights (read through formats/model_weights' requests with pread) and tokenizer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "core/tokenizer/tokenizer.hpp"
#include "core/transformer/hidden_states.hpp"
#include "core/transformer/transformer_config.hpp"
#include "core/transformer/weights.hpp"
#include "formats/model_folder.hpp"

namespace embx::cli {

struct TransformerModel {
    std::string dir;
    ModelFolderLayout layout;
    TransformerConfig config;
    TransformerWeights weights;
    std::optional<Tokenizer> tokenizer;  // when asked for

    // Runs the encoder or decoder (ids already checked against the vocabulary by the core).
    Expected<HiddenStates> run(const std::vector<uint32_t>& ids) const;
    // The token's text for display: the tokenizer's, else "".
    std::string token_text(uint32_t id) const;
};

Expected<TransformerModel> load_transformer_model(const std::string& dir, bool int8, bool with_tokenizer);

}  // namespace embx::cli
