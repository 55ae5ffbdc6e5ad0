#include "formats/embedding_tensor_choice.hpp"

namespace embx {

namespace {

std::string two_d_list(const std::vector<TensorCandidate>& tensors) {
    std::string s;
    size_t listed = 0, total = 0;
    for (const auto& t : tensors) {
        if (t.shape.size() != 2) continue;
        ++total;
        if (listed == 8) continue;
        s += (listed++ ? ", '" : "'") + t.name + "' (" + std::to_string(t.shape[0]) + " x " +
             std::to_string(t.shape[1]) + ")";
    }
    if (total == 0) return "the file has no 2-D tensor";
    if (total > listed) s += " and " + std::to_string(total - listed) + " more";
    return "2-D tensors: " + s;
}

}  // namespace

const std::vector<std::string>& well_known_embedding_names() {
    static const std::vector<std::string> kNames = {
        "model.embed_tokens.weight",                    // Llama, Qwen, Mistral, DeepSeek (HF)
        "embed_tokens.weight",
        "model.language_model.embed_tokens.weight",     // Gemma 3 and other multimodal wrappers
        "language_model.model.embed_tokens.weight",
        "transformer.wte.weight",                       // GPT-2
        "wte.weight",
        "gpt_neox.embed_in.weight",                     // GPT-NeoX, Pythia
        "embed_in.weight",
        "bert.embeddings.word_embeddings.weight",       // BERT family
        "embeddings.word_embeddings.weight",
        "transformer.word_embeddings.weight",           // BLOOM
        "word_embeddings.weight",
        "transformer.embedding.word_embeddings.weight", // ChatGLM
        "model.decoder.embed_tokens.weight",            // OPT
        "shared.weight",                                // T5
        "tok_embeddings.weight",                        // Meta's original Llama checkpoints
        "token_embd.weight",                            // llama.cpp naming
    };
    return kNames;
}

Expected<TensorChoice> choose_embedding_tensor(const std::vector<TensorCandidate>& tensors,
                                               const std::string& requested, bool allow_shape_guess) {
    if (!requested.empty()) {
        for (size_t i = 0; i < tensors.size(); ++i)
            if (tensors[i].name == requested) return TensorChoice{i, "requested"};
        return Error{"there is no tensor named '" + requested + "' (" + two_d_list(tensors) + ")"};
    }
    for (const auto& name : well_known_embedding_names())
        for (size_t i = 0; i < tensors.size(); ++i)
            if (tensors[i].name == name) return TensorChoice{i, "a well-known embedding name"};
    if (!allow_shape_guess)
        return Error{"no tensor has a well-known embedding name; choose one by name (" +
                     two_d_list(tensors) + ")"};

    size_t best = tensors.size();
    bool tie = false;
    for (size_t i = 0; i < tensors.size(); ++i) {
        if (tensors[i].shape.size() != 2) continue;
        if (best == tensors.size() || tensors[i].rows > tensors[best].rows) {
            best = i;
            tie = false;
        } else if (tensors[i].rows == tensors[best].rows) {
            tie = true;
        }
    }
    if (best == tensors.size()) return Error{"no tensor has a well-known embedding name and " + two_d_list(tensors)};
    if (tie)
        return Error{"no tensor has a well-known embedding name and several 2-D tensors have " +
                     std::to_string(tensors[best].rows) + " rows; choose one by name (" +
                     two_d_list(tensors) + ")"};
    return TensorChoice{best, "the only 2-D tensor with the most rows"};
}

}  // namespace embx
