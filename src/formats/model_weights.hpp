// A model folder's tensors -> TransformerWeights, without doing I/O: the loader says which
// bytes it needs (ByteRequest) and the caller delivers them, natively from files, on the page
// from File.slice. Rounds: each file's 8-byte header length, then each header, then the
// tensors we use. Names are matched in their common variants (bert. / model. prefix or none,
// LayerNorm weight/bias or gamma/beta); cls.*, lm_head and the pooler are not read.
// F32/F16/BF16 (and a GGUF's Q8_0) become f32, the big matrices int8 per row when asked. An I8 matrix with its
// row scales (a packed .embxm, formats/embxm_layout.hpp) is taken as is, or widened to f32. Shapes are checked
// against the config and NaN/Inf refused, each naming the tensor.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "core/transformer/transformer_config.hpp"
#include "core/transformer/weights.hpp"
#include "formats/byte_request.hpp"
#include "formats/model_folder.hpp"
#include "formats/safetensors_header.hpp"

namespace embx {

class WeightsLoader {
public:
    // The most bytes of a matrix asked for at once (whole rows; one row may be more).
    static constexpr uint64_t kChunkBytes = uint64_t(8) << 20;

    // `files`: the safetensors files (one, or the shards), relative to the folder, with their
    // sizes (every tensor must lie inside its file).
    WeightsLoader(TransformerConfig config, std::vector<FolderFile> files, bool int8);
    // One file whose tensors are already known (a GGUF file: formats/gguf_model), under their
    // Hugging Face names with offsets from `data_start`; dtypes F32, F16, BF16 or Q8_0. The
    // rows of the tensors in `interleaved_heads` are put back from llama.cpp's order per head.
    WeightsLoader(TransformerConfig config, FolderFile file, SafetensorsHeader tensors, uint64_t data_start, bool int8,
                  std::map<std::string, uint32_t> interleaved_heads);
    // Holds pointers into its own weights.
    WeightsLoader(const WeightsLoader&) = delete;
    WeightsLoader& operator=(const WeightsLoader&) = delete;

    // The reads wanted now; empty once everything is read or after an error.
    std::vector<ByteRequest> requests() const;
    // The bytes of one of requests()' reads (exactly `length` of them, or it is an error).
    Status deliver(const ByteRequest& r, const uint8_t* data, size_t n);
    // The bytes of the tensors still to read (known once the headers are read; a progress bar).
    uint64_t tensor_bytes_left() const;
    // After the last delivery.
    Expected<TransformerWeights> finish();

private:
    struct Wanted {
        std::vector<std::string> names;  // accepted spellings, first is the canonical one
        std::vector<uint64_t> shape;
        Matrix* matrix = nullptr;  // or
        Vec* vec = nullptr;
        bool quantize = false;
        // Resolved from the headers:
        std::string file, found;
        const SafetensorsTensor* tensor = nullptr;
        const SafetensorsTensor* row_scales = nullptr;  // an I8 matrix's (packed by embx convert-model)
        std::vector<float> scales;                      // read before its rows
        uint32_t interleaved_heads = 0;                 // llama.cpp's q/k row order, to undo
        uint64_t data_start = 0;
        uint64_t next_row = 0;  // matrices arrive in row chunks
        bool done = false;
    };
    struct FileState {
        std::string name;
        uint64_t size = 0;
        uint64_t header_bytes = 0;  // 0 until the length is read
        bool parsed = false;
        SafetensorsHeader header;
        uint64_t data_start = 0;    // where the header's offsets count from
    };
    void plan();
    Status resolve();
    Status fail(std::string message);

    TransformerConfig c_;
    bool int8_;
    TransformerWeights w_;
    std::vector<FileState> files_;
    std::vector<Wanted> wanted_;
    std::vector<float> scratch_;  // one chunk of a matrix as floats
    std::map<std::string, uint32_t> interleaved_;
    bool resolved_ = false;
    Status error_;
};

}  // namespace embx
