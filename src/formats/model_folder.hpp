// A Hugging Face model folder, from its list of files: which file is the config, the
// tokenizer, the weights (one model.safetensors, or an index with its shards, or a GGUF file)
// and the sentence-transformers pooling. Pure: the caller lists the files (a directory read
// natively, the files dropped on the page) and reads what the layout names.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.hpp"

namespace embx {

struct FolderFile {
    std::string path;  // relative to the folder, '/'-separated ("1_Pooling/config.json")
    uint64_t size = 0;
};

struct ModelFolderLayout {
    std::string prefix;  // a directory every file shared (a dropped folder's name + '/'), cut off
    std::string config, tokenizer, vocab_txt, tokenizer_config;  // "" when absent
    std::string weights_index;        // model.safetensors.index.json, when sharded
    std::vector<std::string> weights; // model.safetensors, the shards (in index order), or one .gguf
    bool gguf = false;
    std::string modules, pooling_config;  // sentence-transformers: modules.json, 1_Pooling/config.json
    bool normalize = false;               // a 2_Normalize module is there
    // The size of a file in the layout (0 if unknown).
    uint64_t size_of(const std::string& path) const;
    std::vector<FolderFile> files;  // as given, prefix removed
};

// Errors say what is missing and what was found ("no weights: expected model.safetensors, ...").
// The shards named by an index are checked by check_shards() once the index is read.
Expected<ModelFolderLayout> classify_model_folder(std::vector<FolderFile> files);

// The shard files of a model.safetensors.index.json ({"weight_map": {tensor: file}}), in order
// of first use; each must be in the layout's files. Sets layout.weights.
Status read_safetensors_index(ModelFolderLayout& layout, const std::string& index_json,
                              std::vector<std::pair<std::string, std::string>>* weight_map = nullptr);

}  // namespace embx
