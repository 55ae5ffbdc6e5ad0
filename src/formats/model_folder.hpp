// A Hugging Face model folder, from its list of files: which file is the config, the
// tokenizer, the weights (one model.safetensors, or an index with its shards, or a GGUF file)
// and the sentence-transformers pooling. Pure: the caller lists the files (a directory read
// natively, the files dropped on the page) and reads what the layout names.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "formats/byte_request.hpp"

namespace embx {

struct FolderFile {
    std::string path;  // relative to the folder, '/'-separated ("1_Pooling/config.json")
    uint64_t size = 0;
};

// The file list the page sends for a dropped or picked folder: JSON [{"path": ..., "size": ...}].
Expected<std::vector<FolderFile>> parse_folder_file_list(const std::string& json);

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

// A config, tokenizer, vocab, index or pooling file larger than this is refused (real ones are
// under 40 MB): a mislabelled multi-GB file is never read whole into memory.
constexpr uint64_t kMaxFolderTextFileBytes = uint64_t(96) << 20;

// The request for one of the layout's text files, whole; an error past kMaxFolderTextFileBytes.
Expected<ByteRequest> whole_text_file_request(const ModelFolderLayout& layout, const std::string& file);

// Errors say what is missing and what was found ("no weights: expected model.safetensors, ...").
// The shards named by an index are checked by check_shards() once the index is read.
Expected<ModelFolderLayout> classify_model_folder(std::vector<FolderFile> files);

// The shard files of a model.safetensors.index.json ({"weight_map": {tensor: file}}), in order
// of first use; each must be in the layout's files. Sets layout.weights.
Status read_safetensors_index(ModelFolderLayout& layout, const std::string& index_json,
                              std::vector<std::pair<std::string, std::string>>* weight_map = nullptr);

}  // namespace embx
