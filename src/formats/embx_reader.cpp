#include "formats/embx_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/half.hpp"
#include "formats/byte_order.hpp"
#include "formats/checksum.hpp"
#include "formats/embx_layout.hpp"
#include "formats/table_fit.hpp"

namespace embx {

namespace fmt = embx_format;

namespace {

uint32_t header_check(const uint8_t* p) {
    return uint32_t(checksum64(p, fmt::kHeaderCheckedBytes));
}

bool finite_nonneg(float v) { return std::isfinite(v) && v >= 0; }

// Float rows must hold finite values: a NaN would poison every score it touches.
bool row_values_finite(DType t, const uint8_t* row, uint32_t dims) {
    if (t == DType::F32) {
        for (uint32_t i = 0; i < dims; ++i)
            if (!std::isfinite(load_le<float>(row + 4 * i))) return false;
    } else if (t == DType::F16) {
        for (uint32_t i = 0; i < dims; ++i)
            if ((load_le<uint16_t>(row + 2 * i) & 0x7c00) == 0x7c00) return false;
    } else if (t == DType::I4) {  // block scales: finite, not negative
        for (size_t b = 0; b < i4_blocks(dims); ++b) {
            const auto h = load_le<uint16_t>(row + 2 * b);
            if ((h & 0x7c00) == 0x7c00 || (h & 0x8000)) return false;
        }
    }
    return true;
}

}  // namespace

EmbxStreamReader::EmbxStreamReader(std::string source_name, uint64_t total_bytes, uint64_t limit,
                                   uint64_t memory_limit)
    : name_(std::move(source_name)), total_(total_bytes), limit_(limit), memory_limit_(memory_limit) {}

Status EmbxStreamReader::fail(uint64_t offset, const std::string& what) {
    error_ = Error{name_ + ": byte " + std::to_string(offset) + ": " + what};
    return error_;
}

void EmbxStreamReader::expect(State s, uint64_t bytes) {
    state_ = s;
    need_ = bytes;
    buf_.clear();
}

Status EmbxStreamReader::feed(const uint8_t* data, size_t n) {
    if (!error_.ok()) return error_;
    if (stopped_) return Status::success();
    while (n > 0) {
        if (state_ == State::Done)
            return fail(consumed_, "unexpected data after the last block");
        const size_t take = size_t(std::min<uint64_t>(n, need_ - buf_.size()));
        buf_.insert(buf_.end(), data, data + take);
        data += take;
        n -= take;
        consumed_ += take;
        if (buf_.size() == need_) {
            Status s = process();
            if (!s.ok()) return s;
            if (stopped_) break;
        }
    }
    return Status::success();
}

Status EmbxStreamReader::finish() {
    if (!error_.ok()) return error_;
    if (state_ == State::Done) return Status::success();
    static const char* what[] = {"file header", "metadata", "block header", "block payload", ""};
    std::string msg = "file is truncated: it ends inside the " +
                      std::string(what[int(state_)]) + " (" + std::to_string(buf_.size()) +
                      " of " + std::to_string(need_) + " bytes present)";
    if (table_) {
        msg += "; " + std::to_string(table_->rows()) + " of " + std::to_string(rows_) +
               " rows were complete";
    }
    return fail(consumed_, msg);
}

Status EmbxStreamReader::process() {
    Status s;
    const uint64_t size = need_;
    switch (state_) {
        case State::FileHeader: s = parse_file_header(); break;
        case State::Metadata: s = parse_metadata(); break;
        case State::BlockHeader: s = parse_block_header(); break;
        case State::Payload: s = parse_payload(); break;
        case State::Done: break;
    }
    if (s.ok()) at_ += size;
    return s;
}

Status EmbxStreamReader::parse_file_header() {
    const uint8_t* p = buf_.data();
    if (std::memcmp(p, fmt::kFileMagic, 4) != 0)
        return fail(0, "not an .embx file (magic bytes are not 'EMBX')");
    const auto major = load_le<uint16_t>(p + 4);
    if (major != fmt::kVersionMajor)
        return fail(4, "unsupported .embx version " + std::to_string(major) + " (this build reads " +
                           std::to_string(fmt::kVersionMajor) + ")");
    if (load_le<uint32_t>(p + 8) != 64) return fail(8, "header size is not 64");
    if (load_le<uint32_t>(p + 60) != header_check(p))
        return fail(60, "file header checksum mismatch (corrupted header)");

    dtype_ = p[offsetof(fmt::FileHeader, dtype)];
    rows_ = load_le<uint64_t>(p + offsetof(fmt::FileHeader, rows));
    dims_ = load_le<uint32_t>(p + offsetof(fmt::FileHeader, dims));
    row_bytes_ = load_le<uint32_t>(p + offsetof(fmt::FileHeader, row_bytes));
    block_rows_ = load_le<uint32_t>(p + offsetof(fmt::FileHeader, block_rows));
    block_count_ = load_le<uint32_t>(p + offsetof(fmt::FileHeader, block_count));
    meta_bytes_ = load_le<uint32_t>(p + offsetof(fmt::FileHeader, meta_bytes));
    meta_hash_ = load_le<uint64_t>(p + offsetof(fmt::FileHeader, meta_hash));

    if (!dtype_is_known(dtype_)) return fail(12, "unknown dtype code " + std::to_string(dtype_));
    const auto dtype = DType(dtype_);
    if (rows_ == 0) return fail(16, "table has no rows");
    if (rows_ > fmt::kMaxRows) return fail(16, "row count " + std::to_string(rows_) + " exceeds the limit");
    if (dims_ == 0 || dims_ > fmt::kMaxDims)
        return fail(24, "dimension count " + std::to_string(dims_) + " is out of range 1.." +
                            std::to_string(fmt::kMaxDims));
    if (row_bytes_ != dtype_row_bytes(dtype, dims_))
        return fail(28, "row size " + std::to_string(row_bytes_) + " does not match " +
                            std::string(dtype_name(dtype)) + " x " + std::to_string(dims_));
    const uint64_t min_size = 64 + rows_ * row_bytes_;  // cannot overflow: both are capped
    if (total_ && min_size > total_)
        return fail(16, "header describes at least " + std::to_string(min_size) +
                            " bytes but the file has " + std::to_string(total_));
    if (block_rows_ == 0 || block_rows_ > fmt::kMaxBlockRows)
        return fail(32, "rows per block " + std::to_string(block_rows_) + " is out of range");
    if (block_count_ != (rows_ + block_rows_ - 1) / block_rows_)
        return fail(36, "block count " + std::to_string(block_count_) + " does not match " +
                            std::to_string(rows_) + " rows in blocks of " + std::to_string(block_rows_));
    if (meta_bytes_ > fmt::kMaxMetaBytes) return fail(40, "metadata section is too large");

    keep_ = limit_ ? std::min(limit_, rows_) : rows_;
    if (Status fits = check_table_fits(name_, keep_, dtype, dims_, memory_limit_); !fits.ok())
        return fail(16, fits.error());
    TableInfo info;
    info.name = name_;
    info.dtype = dtype;
    info.dims = dims_;
    info.expected_rows = keep_;
    info.memory_limit = memory_limit_;
    table_ = std::make_shared<EmbeddingTable>(std::move(info));
    // Reserve only what the file provably holds (its length is known and covers the rows).
    if (total_ && !table_->reserve_rows(keep_))
        return fail(16, "not enough memory for " + std::to_string(keep_) + " rows");
    expect(meta_bytes_ ? State::Metadata : State::BlockHeader,
           meta_bytes_ ? align_up(meta_bytes_, 64) : 64);
    return Status::success();
}

Status EmbxStreamReader::parse_metadata() {
    const uint8_t* p = buf_.data();
    const uint64_t base = at_;
    if (checksum64(p, meta_bytes_) != meta_hash_) return fail(base, "metadata checksum mismatch");
    if (meta_bytes_ < 4) return fail(base, "metadata section shorter than its count");
    const auto count = load_le<uint32_t>(p);
    size_t off = 4;
    auto read_str = [&](std::string& out) -> bool {
        if (meta_bytes_ - off < 4) return false;
        const auto len = load_le<uint32_t>(p + off);
        off += 4;
        if (len > meta_bytes_ - off) return false;
        out.assign(reinterpret_cast<const char*>(p + off), len);
        off += len;
        return true;
    };
    std::vector<std::pair<std::string, std::string>> meta;
    for (uint32_t i = 0; i < count; ++i) {
        std::string k, v;
        if (!read_str(k) || !read_str(v))
            return fail(base + off, "metadata entry " + std::to_string(i) + " runs past the section");
        meta.emplace_back(std::move(k), std::move(v));
    }
    if (off != meta_bytes_) return fail(base + off, "unexpected bytes at the end of the metadata");
    for (size_t i = meta_bytes_; i < buf_.size(); ++i)
        if (p[i] != 0) return fail(base + i, "metadata padding is not zero");
    for (auto& [k, v] : meta)
        if (k == "name" && !v.empty()) table_->set_name(v);
    table_->set_metadata(std::move(meta));
    expect(State::BlockHeader, 64);
    return Status::success();
}

Status EmbxStreamReader::parse_block_header() {
    const uint8_t* p = buf_.data();
    const uint64_t base = at_;
    const std::string which = "block " + std::to_string(next_block_);
    if (std::memcmp(p, fmt::kBlockMagic, 4) != 0)
        return fail(base, which + ": bad block magic (corrupted or misaligned data)");
    if (load_le<uint32_t>(p + 60) != header_check(p))
        return fail(base + 60, which + ": block header checksum mismatch");
    const auto index = load_le<uint32_t>(p + 4);
    const auto first = load_le<uint64_t>(p + offsetof(fmt::BlockHeader, first_row));
    cur_rows_ = load_le<uint32_t>(p + offsetof(fmt::BlockHeader, row_count));
    cur_vocab_ = load_le<uint32_t>(p + offsetof(fmt::BlockHeader, vocab_bytes));
    const auto payload = load_le<uint64_t>(p + offsetof(fmt::BlockHeader, payload_bytes));
    cur_hash_ = load_le<uint64_t>(p + offsetof(fmt::BlockHeader, payload_hash));

    const uint64_t done_rows = uint64_t(next_block_) * block_rows_;
    if (index != next_block_)
        return fail(base + 4, which + ": header says block " + std::to_string(index));
    if (first != done_rows)
        return fail(base + 8, which + ": first row " + std::to_string(first) + ", expected " +
                                  std::to_string(done_rows));
    if (cur_rows_ != std::min<uint64_t>(block_rows_, rows_ - done_rows))
        return fail(base + 16, which + ": row count " + std::to_string(cur_rows_) + " is wrong");
    const auto layout = fmt::payload_layout(cur_rows_, cur_vocab_, row_bytes_);
    if (payload != layout.total)
        return fail(base + 24, which + ": payload size " + std::to_string(payload) +
                                   " does not match its rows and words (" +
                                   std::to_string(layout.total) + ")");
    if (payload > fmt::kMaxPayloadBytes) return fail(base + 24, which + ": payload too large");
    if (total_ && payload > total_ - std::min(total_, base + 64))
        return fail(base + 24, which + ": payload of " + std::to_string(payload) +
                                   " bytes runs past the end of the file");
    expect(State::Payload, payload);
    return Status::success();
}

Status EmbxStreamReader::parse_payload() {
    const uint8_t* p = buf_.data();
    const uint64_t base = at_;
    const std::string which = "block " + std::to_string(next_block_);
    if (checksum64(p, buf_.size()) != cur_hash_)
        return fail(base, which + ": checksum mismatch (corrupted or truncated download)");
    const auto l = fmt::payload_layout(cur_rows_, cur_vocab_, row_bytes_);
    const auto dtype = DType(dtype_);

    // Validate the whole block before any row becomes visible.
    uint32_t prev = 0;
    for (uint32_t i = 0; i < cur_rows_; ++i) {
        const auto end = load_le<uint32_t>(p + l.word_ends + 4 * i);
        if (end < prev || end > cur_vocab_)
            return fail(base + l.word_ends + 4 * i, which + ": word offset out of order or range");
        prev = end;
    }
    if (prev != cur_vocab_) return fail(base + l.word_ends, which + ": word offsets do not cover the word bytes");
    for (uint32_t i = 0; i < cur_rows_; ++i) {
        const auto sc = load_le<float>(p + l.scales + 4 * i);
        const auto nm = load_le<float>(p + l.norms + 4 * i);
        if (!finite_nonneg(sc)) return fail(base + l.scales + 4 * i, which + ": invalid row scale");
        if (!finite_nonneg(nm)) return fail(base + l.norms + 4 * i, which + ": invalid row norm");
        const uint8_t* row = p + l.rows + uint64_t(i) * row_bytes_;
        // Padding must be zero: kernels read it (times a zero query), and NaN * 0 is NaN.
        for (size_t b = dtype_packed_bytes(dtype, dims_); b < row_bytes_; ++b)
            if (row[b] != 0) return fail(base + l.rows + uint64_t(i) * row_bytes_ + b, which + ": row padding is not zero");
        if (!row_values_finite(dtype, row, dims_))
            return fail(base + l.rows + uint64_t(i) * row_bytes_, which + ": row " +
                                                                     std::to_string(i) + " holds NaN or infinity");
    }

    // Scales and norms are little-endian f32 in the file; on our (little-endian) hosts the
    // bytes can be used in place, but not necessarily aligned: copy them out.
    std::vector<float> scales(cur_rows_), norms(cur_rows_);
    std::memcpy(scales.data(), p + l.scales, size_t(cur_rows_) * 4);
    std::memcpy(norms.data(), p + l.norms, size_t(cur_rows_) * 4);
    std::vector<std::string_view> words(cur_rows_);
    const char* word_bytes = reinterpret_cast<const char*>(p + l.words);
    uint32_t start = 0;
    for (uint32_t i = 0; i < cur_rows_; ++i) {
        const auto end = load_le<uint32_t>(p + l.word_ends + 4 * i);
        words[i] = std::string_view(word_bytes + start, end - start);
        start = end;
    }
    // The whole block was validated above, also the rows beyond a limit.
    const uint32_t take = uint32_t(std::min<uint64_t>(cur_rows_, keep_ - table_->rows()));
    if (table_->append_rows(take, words.data(), p + l.rows, scales.data(), norms.data()) ==
        EmbeddingTable::Append::NoMemory)
        return fail(base, which + ": " + out_of_memory(*table_));
    ++next_block_;
    if (table_->rows() >= keep_ && keep_ < rows_) {
        stopped_ = true;
        expect(State::Done, 0);
    } else if (next_block_ == block_count_) expect(State::Done, 0);
    else expect(State::BlockHeader, 64);
    return Status::success();
}

}  // namespace embx
