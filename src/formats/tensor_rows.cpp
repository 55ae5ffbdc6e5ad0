#include "formats/tensor_rows.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/half.hpp"
#include "formats/byte_order.hpp"
#include "formats/table_fit.hpp"

namespace embx {

namespace {

// bfloat16 is the top half of a binary32: widening is exact.
float bf16_to_f32(uint16_t b) {
    const uint32_t bits = uint32_t(b) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

// Largest magnitude that still rounds to a finite f16.
constexpr float kF16Max = 65504.0f;

}  // namespace

std::string_view tensor_element_name(TensorElement e) {
    switch (e) {
        case TensorElement::F32: return "F32";
        case TensorElement::F16: return "F16";
        case TensorElement::BF16: return "BF16";
        case TensorElement::Q8_0: return "Q8_0";
    }
    return "?";
}

uint64_t tensor_row_bytes(TensorElement e, uint32_t dims) {
    switch (e) {
        case TensorElement::F32: return uint64_t(dims) * 4;
        case TensorElement::F16:
        case TensorElement::BF16: return uint64_t(dims) * 2;
        case TensorElement::Q8_0: return uint64_t(dims) / kQ8_0BlockValues * kQ8_0BlockBytes;
    }
    return 0;
}

uint32_t decode_tensor_row(TensorElement e, const uint8_t* src, uint32_t dims, float* out) {
    switch (e) {
        case TensorElement::F32:
            for (uint32_t i = 0; i < dims; ++i) out[i] = load_le<float>(src + 4 * i);
            break;
        case TensorElement::F16:
            for (uint32_t i = 0; i < dims; ++i) out[i] = f16_to_f32(load_le<uint16_t>(src + 2 * i));
            break;
        case TensorElement::BF16:
            for (uint32_t i = 0; i < dims; ++i) out[i] = bf16_to_f32(load_le<uint16_t>(src + 2 * i));
            break;
        case TensorElement::Q8_0:
            for (uint32_t b = 0; b < dims / kQ8_0BlockValues; ++b) {
                const uint8_t* block = src + uint64_t(b) * kQ8_0BlockBytes;
                const float scale = f16_to_f32(load_le<uint16_t>(block));
                for (uint32_t i = 0; i < kQ8_0BlockValues; ++i)
                    out[b * kQ8_0BlockValues + i] = scale * float(int8_t(block[2 + i]));
            }
            break;
    }
    for (uint32_t i = 0; i < dims; ++i)
        if (!std::isfinite(out[i])) return i;
    return dims;
}

std::string row_token(const std::vector<std::string>* vocabulary, uint64_t row) {
    if (vocabulary && row < vocabulary->size()) return (*vocabulary)[row];
    return "<row " + std::to_string(row) + ">";
}

std::string vocabulary_size_note(uint64_t vocabulary_size, uint64_t rows, std::string_view source) {
    const std::string v = std::to_string(vocabulary_size), r = std::to_string(rows);
    if (vocabulary_size < rows)
        return std::string(source) + " has " + v + " tokens but the matrix has " + r + " rows: rows " +
               v + ".." + std::to_string(rows - 1) + " are named <row N>";
    if (vocabulary_size > rows)
        return std::string(source) + " has " + v + " tokens but the matrix has " + r + " rows: the last " +
               std::to_string(vocabulary_size - rows) + " tokens have no row and are ignored";
    return {};
}

TensorRowReader::TensorRowReader(std::string source_name, TensorSlice slice, uint64_t keep_rows,
                                 std::shared_ptr<const std::vector<std::string>> vocabulary,
                                 std::shared_ptr<EmbeddingTable> table)
    : name_(std::move(source_name)),
      slice_(std::move(slice)),
      keep_rows_(keep_rows),
      row_bytes_(tensor_row_bytes(slice_.element, slice_.dims)),
      vocab_(std::move(vocabulary)),
      table_(std::move(table)),
      values_(slice_.dims) {}

Status TensorRowReader::consume(uint64_t at, const uint8_t* p, size_t n) {
    const uint64_t cursor = slice_.offset + next_row_ * row_bytes_ + partial_.size();
    if (done() || at + n <= cursor) return Status::success();
    if (at > cursor)  // the importers feed the file in order; a gap would be a bug there
        return Error{name_ + ": byte " + std::to_string(cursor) + ": internal error: rows skipped"};
    p += cursor - at;
    n -= size_t(cursor - at);
    while (n > 0 && !done()) {
        if (partial_.empty() && n >= row_bytes_) {  // a whole row in this chunk: no copy
            if (Status s = emit_row(p); !s.ok()) return s;
            p += row_bytes_;
            n -= size_t(row_bytes_);
            continue;
        }
        const size_t take = size_t(std::min<uint64_t>(n, row_bytes_ - partial_.size()));
        partial_.insert(partial_.end(), p, p + take);
        p += take;
        n -= take;
        if (partial_.size() == row_bytes_) {
            Status s = emit_row(partial_.data());
            partial_.clear();
            if (!s.ok()) return s;
        }
    }
    return Status::success();
}

Status TensorRowReader::emit_row(const uint8_t* src) {
    const uint64_t row_at = slice_.offset + next_row_ * row_bytes_;
    const uint32_t dims = slice_.dims;
    const uint32_t bad = decode_tensor_row(slice_.element, src, dims, values_.data());
    auto fail = [&](uint64_t offset, const std::string& what) -> Status {
        return Error{name_ + ": byte " + std::to_string(offset) + ": tensor '" + slice_.name +
                     "', row " + std::to_string(next_row_) + ": " + what};
    };
    if (bad < dims) {
        const uint64_t within = slice_.element == TensorElement::Q8_0
                                    ? uint64_t(bad / kQ8_0BlockValues) * kQ8_0BlockBytes
                                    : uint64_t(bad) * (slice_.element == TensorElement::F32 ? 4 : 2);
        return fail(row_at + within, "value " + std::to_string(bad) + " is NaN or infinite");
    }
    if (table_->dtype() == DType::F16) {
        for (uint32_t i = 0; i < dims; ++i)
            if (std::fabs(values_[i]) > kF16Max)
                return fail(row_at, "value " + std::to_string(i) + " (" + std::to_string(values_[i]) +
                                        ") does not fit in f16; convert to f32 or i8 instead");
    }
    switch (table_->append_float_row(row_token(vocab_.get(), next_row_), values_.data())) {
        case EmbeddingTable::Append::Added: break;
        case EmbeddingTable::Append::Duplicate: ++duplicates_; break;
        case EmbeddingTable::Append::NoMemory: return fail(row_at, out_of_memory(*table_));
    }
    ++next_row_;
    return Status::success();
}

void TensorRowReader::note_duplicates_once(std::vector<std::string>& notes) {
    if (duplicates_noted_ || !done()) return;
    duplicates_noted_ = true;
    if (duplicates_ > 0)
        notes.push_back(std::to_string(duplicates_) + " rows repeat an earlier row's token; a lookup finds the first");
}

}  // namespace embx
