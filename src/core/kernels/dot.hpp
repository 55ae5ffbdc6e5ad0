// Dot-product kernels: one scalar reference, one file per instruction set, one dispatch point
// (dispatch.cpp). Integer kernels must agree bit for bit with the reference.
//
// The int8 kernels take the query as int16 so the query keeps ~4 more decimal digits than the
// rows: quantization error then comes from the table only. quantize_query_i16() picks a query
// scale small enough that no partial sum, in any order, can overflow int32.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/kernels/matmul.hpp"

namespace embx::kernels {

enum class Isa : uint8_t { Ref, Avx2, Simd128 };

// Scores many rows laid out at a fixed byte stride: out[r] = dot(row r, q) over n elements.
using DotRowsI8 = void (*)(const uint8_t* rows, size_t stride, size_t count, const int16_t* q,
                           size_t n, int32_t* out);
using DotRowsF32 = void (*)(const uint8_t* rows, size_t stride, size_t count, const float* q,
                            size_t n, float* out);
// Batch search: a tile of int8 rows packed by pack_rows_i8 against nq queries.
// out[j * rows + r] = dot(row r, query j), where query j starts at q + j * qstride and holds
// align_up(n, 2) values (when n is odd the last one meets a zero in the packed rows).
// `rows` is the packed (padded) row count, a multiple of kPackRows.
using DotPackedI8 = void (*)(const int16_t* packed, size_t rows, const int16_t* q, size_t qstride, size_t nq,
                             size_t n, int32_t* out);
// Cosines from int8 dot products: out[i] = float(dots[i]) * qscale * factors[i], multiplied in
// that order, so every ISA gives the very floats of the scalar code (and of PreparedQuery).
// Returns whether any out[i] >= threshold (NaN never is): most tiles of a batch search have no
// row that can enter a full top-k heap, and are skipped after this one pass.
using CosinesI8 = bool (*)(const int32_t* dots, const float* factors, size_t count, float qscale, float threshold,
                           float* out);
// dot_rows_i8 and cosines_i8 in one pass, bit for bit the same floats and answer, without the
// int32 dots going through memory (the single-query scan).
using ScoresRowsI8 = bool (*)(const uint8_t* rows, size_t stride, size_t count, const int16_t* q, size_t n,
                              const float* factors, float qscale, float threshold, float* out);
// f16 rows against an f32 query (finite halves only; the reader refuses inf/NaN).
using DotRowsF16 = void (*)(const uint8_t* rows, size_t stride, size_t count, const float* q,
                            size_t n, float* out);
using DotI8 = int32_t (*)(const int8_t* row, const int16_t* q, size_t n);
// Block-scaled int4 rows (layout in core/dtype.hpp) against an int16 query of
// i4_blocks(dims) * 16 values: out[r] = sum over blocks of scale_b * dot(block_b, q_b).
// The block dots are exact integers; their float sum may differ in the last bits by ISA.
using DotRowsI4 = void (*)(const uint8_t* rows, size_t stride, size_t count, const int16_t* q,
                           size_t dims, float* out);
using DotF32 = float (*)(const float* a, const float* b, size_t n);

struct KernelSet {
    Isa isa;
    std::string_view name;
    DotI8 dot_i8;
    DotRowsI8 dot_rows_i8;
    DotPackedI8 dot_packed_i8;
    CosinesI8 cosines_i8;
    ScoresRowsI8 scores_rows_i8;
    DotRowsI4 dot_rows_i4;
    DotRowsF16 dot_rows_f16;
    DotF32 dot_f32;
    DotRowsF32 dot_rows_f32;
    MatmulF32 matmul_f32;  // the transformer's y = W x (matmul.hpp)
    MatmulI8 matmul_i8;
};

// Packed tile layout for dot_packed_i8: rows widened to int16 and interleaved by pairs of
// dimensions, so one vector load holds dims (2p, 2p + 1) of consecutive rows and a query pair
// broadcast against it yields one row per lane (no horizontal sums). Element (r, d) sits at
// ((d / 2) * rows + r) * 2 + d % 2; rows past `count` (up to a multiple of kPackRows) and the
// odd last dimension are zero.
constexpr size_t kPackRows = 16;
inline size_t packed_rows(size_t count) { return (count + kPackRows - 1) / kPackRows * kPackRows; }
inline size_t packed_i8_values(size_t count, size_t n) { return packed_rows(count) * ((n + 1) / 2 * 2); }
// Fills `out` (packed_i8_values(count, n) values) from `count` int8 rows at a byte stride.
void pack_rows_i8(const uint8_t* rows, size_t stride, size_t count, size_t n, int16_t* out);

// The end of every four-rows int8 kernel: adds the dims past n16 (fewer than 16) to each row's
// vector sum and stores the four dot products. Written once for all ISA files.
inline void finish_dot4_i8(const int32_t* sums, const int8_t* r0, size_t stride, const int16_t* q, size_t n16,
                           size_t n, int32_t* out) {
    for (size_t j = 0; j < 4; ++j) {
        const int8_t* row = r0 + j * stride;
        int32_t s = sums[j];
        for (size_t i = n16; i < n; ++i) s += int32_t(row[i]) * q[i];
        out[j] = s;
    }
}

// scores_rows_i8 for an ISA without a fused kernel: the two kernels over blocks of rows small
// enough that their dots stay in L1.
template <DotRowsI8 Dot, CosinesI8 Cosines>
bool scores_rows_i8_in_two_passes(const uint8_t* rows, size_t stride, size_t count, const int16_t* q, size_t n,
                                  const float* factors, float qscale, float threshold, float* out) {
    constexpr size_t kBlock = 256;
    int32_t dots[kBlock];
    bool any = false;
    for (size_t r = 0; r < count; r += kBlock) {
        const size_t c = count - r < kBlock ? count - r : kBlock;
        Dot(rows + r * stride, stride, c, q, n, dots);
        any |= Cosines(dots, factors + r, c, qscale, threshold, out + r);
    }
    return any;
}

// nullptr when the instruction set was not compiled in or the CPU lacks it.
const KernelSet* kernels_for(Isa isa);
// The fastest available set.
const KernelSet& best_kernels();
// Every usable set, reference first (for tests and benchmarks).
std::vector<const KernelSet*> available_kernels();

// Per-ISA entry points (defined in dot_<isa>.cpp; only the compiled ones exist).
const KernelSet& kernels_ref();
#if defined(EMBX_HAVE_AVX2)
const KernelSet& kernels_avx2();
#endif
#if defined(__wasm_simd128__)
const KernelSet& kernels_simd128();
#endif

}  // namespace embx::kernels
