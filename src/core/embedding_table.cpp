#include "core/embedding_table.hpp"

#include <algorithm>
#include <cstring>

#include "core/half.hpp"
#include "core/quantize.hpp"

namespace embx {

EmbeddingTable::EmbeddingTable(TableInfo info)
    : info_(std::move(info)), row_bytes_(dtype_row_bytes(info_.dtype, info_.dims)) {
    scratch_.resize(row_bytes_);
}

namespace {
constexpr uint64_t kRowOverheadBytes = 12 + 8 + 8;  // scale/norm/factor, word offset, word text
constexpr uint64_t kSlotBytes = 8;

uint64_t saturating_add(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }
uint64_t saturating_mul(uint64_t a, uint64_t b) { return b && a > UINT64_MAX / b ? UINT64_MAX : a * b; }
}  // namespace

uint64_t table_memory_bytes(uint64_t rows, size_t row_bytes) {
    if (rows >= (uint64_t(1) << 60)) return UINT64_MAX;
    uint64_t slots = 1024;
    while (slots * 3 < 4 * (rows + 1)) slots *= 2;  // Vocabulary's load factor: at most 3/4
    return saturating_add(saturating_mul(rows, saturating_add(row_bytes, kRowOverheadBytes)),
                          2 * slots * kSlotBytes);
}

uint64_t table_max_rows(size_t row_bytes, uint64_t memory_limit) {
    const uint64_t addressable = uint64_t(SIZE_MAX / 2) / std::max<size_t>(row_bytes, 1);
    if (memory_limit == 0) return addressable;
    uint64_t lo = 0, hi = addressable;  // table_memory_bytes grows with rows: bisect
    while (lo < hi) {
        const uint64_t mid = lo + (hi - lo + 1) / 2;
        if (table_memory_bytes(mid, row_bytes) <= memory_limit) lo = mid;
        else hi = mid - 1;
    }
    return lo;
}

bool EmbeddingTable::reserve_rows(size_t n) {
    const uint64_t need = uint64_t(rows()) + n;
    if (need <= rows_.capacity() / row_bytes_) return true;
    const uint64_t most = table_max_rows(row_bytes_, info_.memory_limit);
    if (need > most) return false;
    // Geometric growth when called row by row or block by block, capped at what the limit allows.
    const uint64_t grown = std::max<uint64_t>(rows_.capacity() / row_bytes_ * 3 / 2, 256);
    const size_t want = size_t(std::min(std::max(need, grown), most));
    if (!rows_.reserve(want * row_bytes_)) return false;
    vocab_.reserve(want, want * 8);  // ~8 bytes per word is typical; the arena grows if needed
    scales_.reserve(want);
    norms_.reserve(want);
    factors_.reserve(want);
    return true;
}

EmbeddingTable::Append EmbeddingTable::append_row(std::string_view word, const uint8_t* row,
                                                  float scale, float norm) {
    const size_t r = rows();
    // Grown here, not by the buffers' own policies, so the memory limit holds row by row.
    if (!reserve_rows(1) || !rows_.resize((r + 1) * row_bytes_)) return Append::NoMemory;
    std::memcpy(rows_.data() + r * row_bytes_, row, row_bytes_);
    scales_.push_back(scale);
    norms_.push_back(norm);
    factors_.push_back(norm > 0 ? scale / norm : 0.0f);
    return vocab_.append(word) ? Append::Added : Append::Duplicate;
}

EmbeddingTable::Append EmbeddingTable::append_rows(size_t n, const std::string_view* words, const uint8_t* rows,
                                                   const float* scales, const float* norms) {
    const size_t r = this->rows();
    if (!reserve_rows(n) || !rows_.resize((r + n) * row_bytes_)) return Append::NoMemory;
    std::memcpy(rows_.data() + r * row_bytes_, rows, n * row_bytes_);
    scales_.insert(scales_.end(), scales, scales + n);
    norms_.insert(norms_.end(), norms, norms + n);
    for (size_t i = 0; i < n; ++i) factors_.push_back(norms[i] > 0 ? scales[i] / norms[i] : 0.0f);
    return vocab_.append_many(words, n) ? Append::Duplicate : Append::Added;
}

EmbeddingTable::Append EmbeddingTable::append_float_row(std::string_view word, const float* x) {
    std::memset(scratch_.data(), 0, row_bytes_);
    const size_t n = info_.dims;
    float scale = 1, norm = 0;
    switch (info_.dtype) {
        case DType::F32:
            std::memcpy(scratch_.data(), x, n * 4);
            norm = norm_f32(x, n);
            break;
        case DType::F16: {
            auto* h = reinterpret_cast<uint16_t*>(scratch_.data());
            std::vector<float> back(n);
            for (size_t i = 0; i < n; ++i) {
                h[i] = f32_to_f16(x[i]);
                back[i] = f16_to_f32(h[i]);
            }
            norm = norm_f32(back.data(), n);
            break;
        }
        case DType::I8: {
            auto* q = reinterpret_cast<int8_t*>(scratch_.data());
            scale = quantize_row_i8(x, n, q);
            norm = norm_i8(q, n, scale);
            break;
        }
        case DType::I4: {  // block scales live in the row; the per-row scale is 1
            quantize_row_i4(x, n, scratch_.data());
            std::vector<float> back(n);
            dequantize_row_i4(scratch_.data(), n, back.data());
            norm = norm_f32(back.data(), n);
            break;
        }
    }
    return append_row(word, scratch_.data(), scale, norm);
}

void EmbeddingTable::row_as_float(size_t r, float* out) const {
    const uint8_t* p = row_data(r);
    const size_t n = info_.dims;
    switch (info_.dtype) {
        case DType::F32: std::memcpy(out, p, n * 4); break;
        case DType::F16: {
            const auto* h = reinterpret_cast<const uint16_t*>(p);
            for (size_t i = 0; i < n; ++i) out[i] = f16_to_f32(h[i]);
            break;
        }
        case DType::I8: {
            const auto* q = reinterpret_cast<const int8_t*>(p);
            const float s = scales_[r];
            for (size_t i = 0; i < n; ++i) out[i] = float(q[i]) * s;
            break;
        }
        case DType::I4: dequantize_row_i4(p, n, out); break;
    }
}

size_t EmbeddingTable::memory_bytes() const {
    return rows_.capacity() + (scales_.capacity() + norms_.capacity() + factors_.capacity()) * 4 + vocab_.memory_bytes();
}

}  // namespace embx
