// The JSON header of a safetensors file, parsed and checked against the format's promises:
//   u64 LE N | N bytes of JSON | byte buffer
//   {"<tensor>": {"dtype": "BF16", "shape": [rows, dims], "data_offsets": [begin, end]}, ...,
//    "__metadata__": {"<key>": "<value>", ...}}
// Offsets are relative to the byte buffer, which the tensors must cover exactly: starting at
// 0, without holes or overlaps, and ending at the end of the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.hpp"

namespace embx {

// The reference implementation's limit; real headers are a few hundred kilobytes at most.
constexpr uint64_t kSafetensorsMaxHeaderBytes = 100'000'000;

struct SafetensorsTensor {
    std::string name;
    std::string dtype;
    std::vector<uint64_t> shape;
    uint64_t begin = 0, end = 0;  // data_offsets, relative to the byte buffer
};

struct SafetensorsHeader {
    std::vector<SafetensorsTensor> tensors;                      // in header order
    std::vector<std::pair<std::string, std::string>> metadata;   // "__metadata__"
    uint64_t buffer_bytes = 0;                                   // end of the last tensor
};

// Bits per element of a safetensors dtype name ("BF16" -> 16), 0 for an unknown name.
uint32_t safetensors_dtype_bits(std::string_view dtype);

// Parses the `n` header bytes, which start at file offset `at`. `buffer_available` is the
// number of bytes after the header when the file size is known, or UINT64_MAX when not.
// Errors read "<source>: byte <offset>: <problem>".
Expected<SafetensorsHeader> parse_safetensors_header(const std::string& source_name,
                                                     const uint8_t* json, size_t n, uint64_t at,
                                                     uint64_t buffer_available);

}  // namespace embx
