// The .embxm layout (a model folder packed into one file by `embx convert-model`), declared
// once. It streams from start to end in the order the loader reads it, so a course server
// without Range support, or a slow link, serves it as one download:
//
//   Header (32) | index: JSON, index_bytes | files, each starting on a 64-byte boundary
//   index = {"format": "embxm", "dtype": "f16", "files": [{"path": "config.json",
//            "offset": 4096, "size": 612}, ...]}   (offsets from the start of the .embxm)
//
// The files are the model folder's own (config.json, tokenizer.json or vocab.txt with
// tokenizer_config.json, modules.json, 1_Pooling/config.json) and one model.safetensors with
// the weights under their canonical names. With --dtype i8 a big matrix is stored as I8, with
// its per-row f32 scales in the tensor named `<matrix><kRowScaleSuffix>` just before it.
// All integers little-endian.
#pragma once

#include <cstddef>
#include <cstdint>

namespace embx::embxm_format {

constexpr char kMagic[8] = {'E', 'M', 'B', 'X', 'M', 'O', 'D', 'L'};
constexpr uint32_t kVersion = 1;     // readers refuse other versions
constexpr size_t kAlign = 64;
constexpr uint32_t kMaxIndexBytes = 1u << 20;  // a real index is a few hundred bytes
constexpr size_t kMaxFiles = 64;
constexpr size_t kMaxPathBytes = 256;
constexpr const char* kRowScaleSuffix = ".embx_row_scale";
constexpr const char* kExtension = ".embxm";

struct Header {
    char magic[8];
    uint32_t version;
    uint32_t index_bytes;  // the JSON index right after this header
    uint64_t total_bytes;  // the whole file: a cut-short download is refused before reading on
    uint64_t reserved;     // 0
};
static_assert(sizeof(Header) == 32);
static_assert(offsetof(Header, version) == 8);
static_assert(offsetof(Header, index_bytes) == 12);
static_assert(offsetof(Header, total_bytes) == 16);

}  // namespace embx::embxm_format
