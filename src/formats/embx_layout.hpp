// The .embx binary layout, declared once. docs/embx-format.md explains it in prose.
// All integers are little-endian; every section starts on a 64-byte boundary.
//
//   FileHeader (64) | metadata (meta_bytes, padded to 64) | block 0 | block 1 | ...
//   block = BlockHeader (64) | payload (payload_bytes)
//   payload = word_ends u32[n] | word bytes | scales f32[n] | norms f32[n] | rows [n][row_bytes]
//             (each of the five parts padded to 64; n = row_count)
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/dtype.hpp"

namespace embx::embx_format {

constexpr char kFileMagic[4] = {'E', 'M', 'B', 'X'};
constexpr char kBlockMagic[4] = {'E', 'B', 'L', 'K'};
constexpr uint16_t kVersionMajor = 1;  // readers refuse other majors
constexpr uint16_t kVersionMinor = 0;  // readers accept any minor (additions are optional)
constexpr size_t kAlign = 64;

struct FileHeader {
    char magic[4];
    uint16_t version_major;
    uint16_t version_minor;
    uint32_t header_bytes;  // 64
    uint8_t dtype;          // embx::DType
    uint8_t reserved0[3];
    uint64_t rows;
    uint32_t dims;
    uint32_t row_bytes;     // dtype_row_bytes(dtype, dims)
    uint32_t block_rows;    // rows per block; the last block may hold fewer
    uint32_t block_count;
    uint32_t meta_bytes;    // metadata section length before padding
    uint32_t reserved1;
    uint64_t meta_hash;     // checksum64 of the metadata bytes
    uint32_t reserved2;
    uint32_t header_check;  // low 32 bits of checksum64 of bytes [0, 60)
};
static_assert(sizeof(FileHeader) == 64);
static_assert(offsetof(FileHeader, dtype) == 12);
static_assert(offsetof(FileHeader, rows) == 16);
static_assert(offsetof(FileHeader, dims) == 24);
static_assert(offsetof(FileHeader, row_bytes) == 28);
static_assert(offsetof(FileHeader, block_rows) == 32);
static_assert(offsetof(FileHeader, block_count) == 36);
static_assert(offsetof(FileHeader, meta_bytes) == 40);
static_assert(offsetof(FileHeader, meta_hash) == 48);
static_assert(offsetof(FileHeader, header_check) == 60);

struct BlockHeader {
    char magic[4];
    uint32_t block_index;
    uint64_t first_row;
    uint32_t row_count;
    uint32_t vocab_bytes;    // length of the word bytes part
    uint64_t payload_bytes;  // must equal payload_size(row_count, vocab_bytes, row_bytes)
    uint64_t payload_hash;   // checksum64 of the payload
    uint8_t reserved[20];
    uint32_t header_check;   // low 32 bits of checksum64 of bytes [0, 60)
};
static_assert(sizeof(BlockHeader) == 64);
static_assert(offsetof(BlockHeader, first_row) == 8);
static_assert(offsetof(BlockHeader, row_count) == 16);
static_assert(offsetof(BlockHeader, vocab_bytes) == 20);
static_assert(offsetof(BlockHeader, payload_bytes) == 24);
static_assert(offsetof(BlockHeader, payload_hash) == 32);
static_assert(offsetof(BlockHeader, header_check) == 60);

constexpr size_t kHeaderCheckedBytes = 60;

// Offsets of the payload parts, derived from the block header fields.
struct PayloadLayout {
    uint64_t word_ends = 0, words = 0, scales = 0, norms = 0, rows = 0, total = 0;
};

inline PayloadLayout payload_layout(uint64_t row_count, uint64_t vocab_bytes, uint64_t row_bytes) {
    PayloadLayout l;
    l.word_ends = 0;
    l.words = align_up(row_count * 4, kAlign);
    l.scales = l.words + align_up(vocab_bytes, kAlign);
    l.norms = l.scales + align_up(row_count * 4, kAlign);
    l.rows = l.norms + align_up(row_count * 4, kAlign);
    l.total = l.rows + align_up(row_count * row_bytes, kAlign);  // int4 rows are 16-aligned only
    return l;
}

// Metadata: u32 count, then count x (u32 key_len, key, u32 value_len, value).
// Limits that a reader enforces before it allocates anything.
constexpr uint32_t kMaxDims = 1u << 16;
constexpr uint64_t kMaxRows = 1ull << 31;
constexpr uint32_t kMaxBlockRows = 1u << 20;
constexpr uint32_t kMaxMetaBytes = 16u << 20;
constexpr uint64_t kMaxPayloadBytes = 1ull << 31;

}  // namespace embx::embx_format
