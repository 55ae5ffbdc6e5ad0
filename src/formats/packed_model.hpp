// A model folder packed into one .embxm file (formats/embxm_layout.hpp): reading its header and
// index (the loader then reads the packed files as if they were a folder's), and writing one
// from a loaded model, for `embx convert-model`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "formats/embx_writer.hpp"
#include "formats/model_folder.hpp"

namespace embx {

struct TransformerModel;

// A file name that says "packed model" (ends in .embxm).
bool is_packed_model_name(std::string_view path);

struct PackedIndex {
    std::string dtype;  // what the weights were packed as: "f32", "f16" or "i8"
    struct Entry {
        std::string path;
        uint64_t offset = 0, size = 0;
    };
    std::vector<Entry> files;  // in file order, inside the .embxm, not overlapping
    // The entries as a folder listing, for classify_model_folder.
    std::vector<FolderFile> folder_files() const;
};

// The first 32 bytes: the index's length. `file_size` is the .embxm's size as listed; an
// error says what is wrong (not an .embxm, another version, cut short by so many bytes).
Expected<uint32_t> parse_embxm_header(const std::string& name, const uint8_t* p, size_t n, uint64_t file_size);

// The JSON index that follows the header, checked: every path plain and unique, every file
// inside the .embxm after the index, in order, not overlapping.
Expected<PackedIndex> parse_embxm_index(const std::string& name, const std::string& json, uint32_t index_bytes,
                                        uint64_t file_size);

enum class PackedDtype { F32, F16, I8 };
const char* packed_dtype_name(PackedDtype d);

// Writes `m` as an .embxm: `m.text_files` (the folder's config and tokenizer files, kept by
// the loader) and the weights as one model.safetensors in `dtype`. The model must be loaded as
// int8 for I8, as f32 otherwise. F16 refuses a value beyond f16's range, naming the tensor.
Status write_packed_model(const TransformerModel& m, PackedDtype dtype, const ByteSink& sink);

}  // namespace embx
