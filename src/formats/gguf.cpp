#include "formats/gguf.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <unordered_set>
#include <vector>

#include "formats/byte_order.hpp"
#include "formats/embedding_tensor_choice.hpp"
#include "formats/embx_layout.hpp"
#include "formats/gguf_layout.hpp"
#include "formats/tensor_rows.hpp"

namespace embx {

namespace {

namespace g = gguf_format;

// Scalar metadata is copied into the table, within reason: the .embx metadata section is small
// and a chat template can be many kilobytes.
constexpr size_t kMaxMetaEntries = 256;
constexpr uint64_t kMaxMetaValueBytes = 1024;
constexpr uint64_t kMaxTokenBytes = 65536;
constexpr uint64_t kMaxTokens = 1u << 24;  // real vocabularies have at most a few hundred thousand

constexpr const char* kTokensKey = "tokenizer.ggml.tokens";
constexpr const char* kAlignmentKey = "general.alignment";

// Keys whose value type we rely on.
uint32_t expected_type(const std::string& key) {
    if (key == kAlignmentKey) return g::kU32;
    if (key == kTokensKey) return g::kArray;
    if (key == "general.name" || key == "general.architecture" || key == "tokenizer.ggml.model")
        return g::kString;
    return UINT32_MAX;
}

bool mul_overflows(uint64_t a, uint64_t b, uint64_t& out) {
    if (a != 0 && b > UINT64_MAX / a) return true;
    out = a * b;
    return false;
}

std::string scalar_text(uint32_t type, const uint8_t* p) {
    char buf[40];
    switch (type) {
        case g::kU8: return std::to_string(p[0]);
        case g::kI8: return std::to_string(int8_t(p[0]));
        case g::kU16: return std::to_string(load_le<uint16_t>(p));
        case g::kI16: return std::to_string(load_le<int16_t>(p));
        case g::kU32: return std::to_string(load_le<uint32_t>(p));
        case g::kI32: return std::to_string(load_le<int32_t>(p));
        case g::kU64: return std::to_string(load_le<uint64_t>(p));
        case g::kI64: return std::to_string(load_le<int64_t>(p));
        case g::kBool: return p[0] ? "true" : "false";
        case g::kF32: std::snprintf(buf, sizeof buf, "%.9g", double(load_le<float>(p))); return buf;
        case g::kF64: std::snprintf(buf, sizeof buf, "%.17g", load_le<double>(p)); return buf;
    }
    return {};
}

struct TensorInfo {
    std::string name;
    std::vector<uint64_t> dims;
    uint32_t type = 0;
    uint64_t offset = 0;      // relative to the data section
    uint64_t bytes = 0;       // 0 when the type is unknown
    uint64_t info_at = 0;     // file offset of its type field, for messages
};

class GgufImporter final : public Importer {
public:
    GgufImporter(std::string name, ImportOptions opt, uint64_t total)
        : name_(std::move(name)), opt_(std::move(opt)), total_(total) {}

    Status feed(const uint8_t* data, size_t n) override {
        if (!error_.ok()) return error_;
        for (;;) {
            if (step_ == Step::Data) {
                if (n == 0) return Status::success();
                if (Status s = rows_->consume(consumed_, data, n); !s.ok()) return error_ = s;
                consumed_ += n;
                rows_->note_duplicates_once(notes_);
                return Status::success();
            }
            if (step_ == Step::Skip) {
                if (skip_left_ == 0) {
                    if (Status s = after_skip(); !s.ok()) return s;
                    continue;
                }
                if (n == 0) return Status::success();
                const size_t take = size_t(std::min<uint64_t>(n, skip_left_));
                data += take;
                n -= take;
                consumed_ += take;
                skip_left_ -= take;
                continue;
            }
            if (buf_.size() == need_) {
                field_at_ = consumed_ - need_;
                if (Status s = process(); !s.ok()) return s;
                continue;
            }
            if (n == 0) return Status::success();
            const size_t take = size_t(std::min<uint64_t>(n, need_ - buf_.size()));
            buf_.insert(buf_.end(), data, data + take);
            data += take;
            n -= take;
            consumed_ += take;
        }
    }

    Status finish() override {
        if (!error_.ok()) return error_;
        if (finished_) return Status::success();
        if (consumed_ == 0) return fail(0, "the file is empty");
        if (step_ != Step::Data)
            return fail(consumed_, "file is truncated: it ends inside " + where_in_header());
        if (!rows_->done())
            return fail(consumed_, "file is truncated: it ends inside tensor '" + tensor_ + "' (" +
                                       std::to_string(rows_->rows_done()) + " rows complete)");
        // With the file size known, every tensor was already checked to lie inside it.
        if (!total_ && consumed_ < data_end_)
            return fail(consumed_, "file is truncated: the tensor data runs to byte " +
                                       std::to_string(data_end_));
        finished_ = true;
        return Status::success();
    }

    std::shared_ptr<EmbeddingTable> table() const override { return table_; }
    bool complete() const override {
        return finished_ || (error_.ok() && rows_ && rows_->done() && total_ != 0);
    }

private:
    enum class Step {
        Header, KeyLength, Key, ValueType, Scalar, ArrayHeader, StringLength, StringBytes,
        Skip, TensorNameLength, TensorName, TensorDimCount, TensorDims, TensorTypeOffset, Data
    };
    enum class SkipFor { String, ScalarArray, Padding };
    enum class StringFor { Token, Meta };

    Status fail(uint64_t offset, const std::string& what) {
        error_ = Error{name_ + ": byte " + std::to_string(offset) + ": " + what};
        return error_;
    }

    void expect(Step s, uint64_t bytes) {
        step_ = s;
        need_ = bytes;
        buf_.clear();
    }
    void skip(uint64_t bytes, SkipFor why) {
        step_ = Step::Skip;
        skip_left_ = bytes;
        skip_for_ = why;
        buf_.clear();
    }
    // Bytes of the file not yet read, when its size is known.
    uint64_t remaining() const { return total_ > consumed_ ? total_ - consumed_ : 0; }
    bool runs_past_end(uint64_t bytes) const { return total_ && bytes > remaining(); }

    std::string where_in_header() const {
        switch (step_) {
            case Step::Header: return "the 24-byte file header";
            case Step::KeyLength:
            case Step::Key: return "the key of key-value pair " + std::to_string(kv_index_);
            case Step::ValueType:
            case Step::Scalar:
            case Step::ArrayHeader:
            case Step::StringLength:
            case Step::StringBytes: return "the value of '" + key_ + "'";
            case Step::Skip:
                return skip_for_ == SkipFor::Padding ? std::string("the padding before the tensor data")
                                                     : "the value of '" + key_ + "'";
            case Step::TensorNameLength:
            case Step::TensorName:
            case Step::TensorDimCount:
            case Step::TensorDims:
            case Step::TensorTypeOffset: return "tensor info " + std::to_string(tensors_.size());
            case Step::Data: break;
        }
        return "the header";
    }

    Status process() {
        const uint8_t* p = buf_.data();
        switch (step_) {
            case Step::Header: return read_header(p);
            case Step::KeyLength: return read_name_length(p, Step::Key, "key");
            case Step::Key: return read_key(p);
            case Step::ValueType: return read_value_type(load_le<uint32_t>(p));
            case Step::Scalar: return read_scalar(p);
            case Step::ArrayHeader: return read_array_header(load_le<uint32_t>(p), load_le<uint64_t>(p + 4));
            case Step::StringLength: return read_string_length(load_le<uint64_t>(p));
            case Step::StringBytes: return read_string(std::string(reinterpret_cast<const char*>(p), buf_.size()));
            case Step::TensorNameLength: return read_name_length(p, Step::TensorName, "tensor name");
            case Step::TensorName: return read_tensor_name(p);
            case Step::TensorDimCount: return read_dim_count(load_le<uint32_t>(p));
            case Step::TensorDims: return read_dims(p);
            case Step::TensorTypeOffset: return read_type_offset(load_le<uint32_t>(p), load_le<uint64_t>(p + 4));
            case Step::Skip:
            case Step::Data: break;
        }
        return Status::success();
    }

    // --- file header and key-value pairs ----------------------------------------------------

    Status read_header(const uint8_t* p) {
        if (std::memcmp(p, g::kMagic, 4) != 0) return fail(0, "not a GGUF file (magic bytes are not 'GGUF')");
        version_ = load_le<uint32_t>(p + 4);
        if (version_ < g::kMinVersion || version_ > g::kMaxVersion) {
            const bool swapped = (version_ & 0xFFFF) == 0 && version_ >> 24 >= 1 && version_ >> 24 <= 3;
            return fail(4, "unsupported GGUF version " + std::to_string(version_) +
                               (swapped ? " (a big-endian file?)" : " (this build reads versions 2 and 3)"));
        }
        tensor_count_ = load_le<uint64_t>(p + 8);
        kv_count_ = load_le<uint64_t>(p + 16);
        if (total_) {
            const uint64_t room = remaining();
            if (kv_count_ > room / g::kMinKvBytes)
                return fail(16, std::to_string(kv_count_) + " key-value pairs cannot fit in the " +
                                    std::to_string(room) + " bytes after the header");
            if (tensor_count_ > (room - kv_count_ * g::kMinKvBytes) / g::kMinTensorInfoBytes)
                return fail(8, std::to_string(tensor_count_) + " tensor infos cannot fit in the file (" +
                                   std::to_string(total_) + " bytes)");
        }
        return next_kv();
    }

    Status next_kv() {
        if (kv_index_ < kv_count_) {
            expect(Step::KeyLength, 8);
            return Status::success();
        }
        return next_tensor_info();
    }

    Status read_name_length(const uint8_t* p, Step next, const char* what) {
        const uint64_t len = load_le<uint64_t>(p);
        if (len > g::kMaxNameBytes)
            return fail(field_at_, std::string(what) + " length " + std::to_string(len) + " is over the " +
                                       std::to_string(g::kMaxNameBytes) + "-byte limit");
        if (runs_past_end(len))
            return fail(field_at_, std::string(what) + " length " + std::to_string(len) +
                                       " runs past the end of the file");
        expect(next, len);
        return Status::success();
    }

    Status read_key(const uint8_t* p) {
        key_.assign(reinterpret_cast<const char*>(p), buf_.size());
        if (!keys_.insert(key_).second) return fail(field_at_, "duplicate key '" + key_ + "'");
        expect(Step::ValueType, 4);
        return Status::success();
    }

    Status read_value_type(uint32_t t) {
        if (t >= g::kValueTypeCount)
            return fail(field_at_, "key '" + key_ + "' has an unknown value type " + std::to_string(t));
        if (const uint32_t want = expected_type(key_); want != UINT32_MAX && want != t)
            return fail(field_at_, "key '" + key_ + "' must be " +
                                       (key_ == kTokensKey ? std::string("an array of strings")
                                                           : "a " + std::string(g::value_type_name(want))) +
                                       ", not a " + std::string(g::value_type_name(t)));
        value_type_ = t;
        in_array_ = false;
        if (t == g::kArray) expect(Step::ArrayHeader, 12);
        else if (t == g::kString) expect(Step::StringLength, 8);
        else expect(Step::Scalar, g::scalar_bytes(t));
        return Status::success();
    }

    Status read_scalar(const uint8_t* p) {
        if (value_type_ == g::kBool && p[0] > 1)
            return fail(field_at_, "key '" + key_ + "': bool value " + std::to_string(p[0]) + " is not 0 or 1");
        if (key_ == kAlignmentKey) {
            const uint32_t a = load_le<uint32_t>(p);
            if (a == 0 || (a & (a - 1)) != 0)
                return fail(field_at_, "general.alignment " + std::to_string(a) + " is not a power of two");
            alignment_ = a;
        }
        add_meta(scalar_text(value_type_, p));
        return value_done();
    }

    Status read_array_header(uint32_t element, uint64_t count) {
        if (element >= g::kValueTypeCount)
            return fail(field_at_, "key '" + key_ + "': array of unknown type " + std::to_string(element));
        if (element == g::kArray) return fail(field_at_, "key '" + key_ + "': nested arrays are not supported");
        if (key_ == kTokensKey && element != g::kString)
            return fail(field_at_, "key '" + key_ + "' must be an array of strings, not of " +
                                       std::string(g::value_type_name(element)));
        const uint64_t min_bytes = element == g::kString ? 8 : g::scalar_bytes(element);
        uint64_t bytes = 0;
        if (mul_overflows(count, min_bytes, bytes) || runs_past_end(bytes))
            return fail(field_at_ + 4, "key '" + key_ + "': an array of " + std::to_string(count) + " " +
                                           std::string(g::value_type_name(element)) +
                                           " values cannot fit in the rest of the file");
        in_array_ = true;
        array_type_ = element;
        array_left_ = count;
        array_index_ = 0;
        if (key_ == kTokensKey) {
            tokens_ = std::make_shared<std::vector<std::string>>();
            if (count > kMaxTokens)
                return fail(field_at_ + 4, "tokenizer.ggml.tokens has " + std::to_string(count) +
                                               " entries (the limit is " + std::to_string(kMaxTokens) + ")");
            // Each entry has at least its 8-byte length in the file; reserve only what that proves.
            if (total_) tokens_->reserve(size_t(std::min<uint64_t>(count, 1u << 20)));
        }
        if (count == 0) return value_done();
        if (element == g::kString) expect(Step::StringLength, 8);
        else skip(bytes, SkipFor::ScalarArray);
        return Status::success();
    }

    Status read_string_length(uint64_t len) {
        if (runs_past_end(len))
            return fail(field_at_, "key '" + key_ + "': string length " + std::to_string(len) +
                                       " runs past the end of the file");
        if (in_array_ && key_ == kTokensKey) {
            if (len > kMaxTokenBytes)
                return fail(field_at_, "token " + std::to_string(array_index_) + " is " + std::to_string(len) +
                                           " bytes long (the limit is " + std::to_string(kMaxTokenBytes) + ")");
            expect(Step::StringBytes, len);
        } else if (!in_array_ && len <= kMaxMetaValueBytes) {
            expect(Step::StringBytes, len);
        } else {
            if (!in_array_) ++skipped_meta_;
            skip(len, SkipFor::String);
        }
        return Status::success();
    }

    Status read_string(std::string s) {
        if (in_array_) tokens_->push_back(std::move(s));
        else {
            if (key_ == "general.name" && !s.empty()) model_name_ = s;
            add_meta(std::move(s));
        }
        return element_done();
    }

    Status after_skip() {
        switch (skip_for_) {
            case SkipFor::String: return element_done();
            case SkipFor::ScalarArray: return value_done();
            case SkipFor::Padding: step_ = Step::Data; return Status::success();
        }
        return Status::success();
    }

    Status element_done() {
        if (in_array_) {
            ++array_index_;
            if (--array_left_ > 0) {
                expect(Step::StringLength, 8);
                return Status::success();
            }
        }
        return value_done();
    }

    Status value_done() {
        in_array_ = false;
        ++kv_index_;
        return next_kv();
    }

    void add_meta(std::string value) {
        if (meta_.size() >= kMaxMetaEntries) ++skipped_meta_;
        else meta_.emplace_back(key_, std::move(value));
    }

    // --- tensor infos -----------------------------------------------------------------------

    Status next_tensor_info() {
        if (tensors_.size() < tensor_count_) {
            expect(Step::TensorNameLength, 8);
            return Status::success();
        }
        return end_of_header();
    }

    Status read_tensor_name(const uint8_t* p) {
        TensorInfo t;
        t.name.assign(reinterpret_cast<const char*>(p), buf_.size());
        if (!tensor_names_.insert(t.name).second) return fail(field_at_, "duplicate tensor name '" + t.name + "'");
        tensors_.push_back(std::move(t));
        expect(Step::TensorDimCount, 4);
        return Status::success();
    }

    Status read_dim_count(uint32_t n) {
        if (n == 0 || n > g::kMaxDims)
            return fail(field_at_, "tensor '" + tensors_.back().name + "' has " + std::to_string(n) +
                                       " dimensions (1 to " + std::to_string(g::kMaxDims) + " are allowed)");
        expect(Step::TensorDims, 8ull * n);
        return Status::success();
    }

    Status read_dims(const uint8_t* p) {
        TensorInfo& t = tensors_.back();
        uint64_t elements = 1;
        for (size_t i = 0; i < buf_.size() / 8; ++i) {
            const uint64_t d = load_le<uint64_t>(p + 8 * i);
            if (d == 0)
                return fail(field_at_ + 8 * i, "tensor '" + t.name + "': dimension " + std::to_string(i) + " is 0");
            if (mul_overflows(elements, d, elements) || elements > uint64_t(INT64_MAX))
                return fail(field_at_ + 8 * i, "tensor '" + t.name + "': the element count overflows");
            t.dims.push_back(d);
        }
        expect(Step::TensorTypeOffset, 12);
        return Status::success();
    }

    Status read_type_offset(uint32_t type, uint64_t offset) {
        TensorInfo& t = tensors_.back();
        t.type = type;
        t.offset = offset;
        t.info_at = field_at_;
        if (offset % alignment_)
            return fail(field_at_ + 4, "tensor '" + t.name + "': offset " + std::to_string(offset) +
                                           " is not a multiple of the alignment " + std::to_string(alignment_));
        if (const auto* tt = g::find_tensor_type(type)) {
            if (t.dims[0] % tt->block_values)
                return fail(field_at_, "tensor '" + t.name + "': rows of " + std::to_string(t.dims[0]) +
                                           " values are not whole " + std::string(tt->name) + " blocks of " +
                                           std::to_string(tt->block_values));
            uint64_t elements = 1;
            for (uint64_t d : t.dims) elements *= d;  // checked in read_dims
            if (mul_overflows(elements / tt->block_values, tt->block_bytes, t.bytes) ||
                t.bytes > UINT64_MAX - offset)
                return fail(field_at_, "tensor '" + t.name + "': its size overflows");
        }
        return next_tensor_info();
    }

    // --- the data section -------------------------------------------------------------------

    Status end_of_header() {
        const uint64_t header_end = consumed_;
        if (header_end > UINT64_MAX - alignment_) return fail(header_end, "file too large");
        const uint64_t data_start = align_up(header_end, alignment_);
        for (const auto& t : tensors_) {
            if (data_start > UINT64_MAX - t.bytes || t.offset > UINT64_MAX - data_start - t.bytes)
                return fail(t.info_at + 4, "tensor '" + t.name + "': offset out of range");
            const uint64_t end = data_start + t.offset + t.bytes;
            if (total_ && end > total_)
                return fail(t.info_at + 4, "tensor '" + t.name + "' data (bytes " +
                                               std::to_string(data_start + t.offset) + ".." +
                                               std::to_string(end) + ") runs past the end of the file (" +
                                               std::to_string(total_) + " bytes)");
            data_end_ = std::max(data_end_, end);
        }
        if (Status s = check_overlaps(); !s.ok()) return s;

        std::vector<TensorCandidate> candidates;
        for (const auto& t : tensors_)
            candidates.push_back({t.name, t.dims, t.dims.size() == 2 ? t.dims[1] : 0});
        auto choice = choose_embedding_tensor(candidates, opt_.tensor_name, false);
        if (!choice) return fail(header_end, choice.error());
        const TensorInfo& t = tensors_[choice->index];
        tensor_ = t.name;
        const std::string who = "tensor '" + t.name + "'";
        if (t.dims.size() != 2)
            return fail(t.info_at, who + " has " + std::to_string(t.dims.size()) +
                                       " dimensions; an embedding matrix has 2 (dims x rows)");
        const uint64_t dims = t.dims[0], rows = t.dims[1];
        if (dims > embx_format::kMaxDims)
            return fail(t.info_at, who + " has rows of " + std::to_string(dims) + " values; at most " +
                                       std::to_string(embx_format::kMaxDims) + " are supported");
        if (rows > embx_format::kMaxRows)
            return fail(t.info_at, who + " has " + std::to_string(rows) + " rows; at most " +
                                       std::to_string(embx_format::kMaxRows) + " are supported");
        TensorElement element;
        switch (t.type) {
            case g::kTypeF32: element = TensorElement::F32; break;
            case g::kTypeF16: element = TensorElement::F16; break;
            case g::kTypeBF16: element = TensorElement::BF16; break;
            case g::kTypeQ8_0: element = TensorElement::Q8_0; break;
            default: {
                const auto* tt = g::find_tensor_type(t.type);
                return fail(t.info_at, who + " has " +
                                           (tt ? "type " + std::string(tt->name)
                                               : "an unknown type " + std::to_string(t.type)) +
                                           "; only F32, F16, BF16 and Q8_0 can be imported");
            }
        }

        notes_.push_back("using " + who + " (" + std::string(tensor_element_name(element)) + ", " +
                         std::to_string(rows) + " x " + std::to_string(dims) + "): " + choice->reason);
        // The file's own tokens first: they belong to this matrix.
        std::shared_ptr<const std::vector<std::string>> vocab = tokens_;
        std::string size_note;
        if (tokens_) {
            if (opt_.vocabulary)
                notes_.push_back("the file's tokenizer.ggml.tokens name the rows; the given vocabulary is not used");
            size_note = vocabulary_size_note(tokens_->size(), rows, "the file's tokenizer.ggml.tokens");
        } else if (opt_.vocabulary) {
            vocab = opt_.vocabulary;
            size_note = vocabulary_size_note(vocab->size(), rows, "the given vocabulary");
        } else {
            notes_.push_back("the file has no tokenizer.ggml.tokens and no vocabulary was given: rows are named "
                             "<row 0> .. <row " + std::to_string(rows - 1) + ">");
        }
        if (!size_note.empty()) notes_.push_back(size_note);
        if (skipped_meta_)
            notes_.push_back(std::to_string(skipped_meta_) + " metadata values were too long or too many to keep");
        const uint64_t keep = opt_.limit ? std::min(opt_.limit, rows) : rows;
        if (!table_fits_in_address_space(keep, opt_.dtype, uint32_t(dims)))
            return fail(t.info_at, who + ": " + std::to_string(keep) + " rows do not fit in memory in this build");

        TableInfo info;
        info.name = model_name_.empty() ? name_ : model_name_;
        info.dtype = opt_.dtype;
        info.dims = uint32_t(dims);
        info.expected_rows = keep;
        info.metadata = {{"format", "gguf v" + std::to_string(version_)},
                         {"tensor", t.name},
                         {"shape", std::to_string(rows) + " x " + std::to_string(dims)},
                         {"source_dtype", std::string(tensor_element_name(element))},
                         {"vocabulary", !vocab ? std::string("none")
                                               : (tokens_ ? "tokenizer.ggml.tokens, " : "external, ") +
                                                     std::to_string(vocab->size()) + " tokens"}};
        for (auto& kv : meta_) info.metadata.push_back(std::move(kv));
        meta_.clear();
        table_ = std::make_shared<EmbeddingTable>(std::move(info));
        if (total_ && !table_->reserve_rows(size_t(keep)))  // the rows were checked to be in the file
            return fail(t.info_at, "not enough memory for " + std::to_string(keep) + " rows");

        TensorSlice slice{t.name, element, rows, uint32_t(dims), data_start + t.offset};
        rows_ = std::make_unique<TensorRowReader>(name_, slice, keep, vocab, table_);
        skip(data_start - header_end, SkipFor::Padding);
        return Status::success();
    }

    Status check_overlaps() {
        std::vector<const TensorInfo*> sized;
        for (const auto& t : tensors_)
            if (t.bytes) sized.push_back(&t);
        std::sort(sized.begin(), sized.end(), [](auto* a, auto* b) { return a->offset < b->offset; });
        for (size_t i = 1; i < sized.size(); ++i)
            if (sized[i]->offset < sized[i - 1]->offset + sized[i - 1]->bytes)
                return fail(sized[i]->info_at + 4,
                            "tensors '" + sized[i - 1]->name + "' and '" + sized[i]->name + "' overlap");
        return Status::success();
    }

    std::string name_;
    ImportOptions opt_;
    uint64_t total_;
    Status error_;
    Step step_ = Step::Header;
    uint64_t need_ = g::kFixedHeaderBytes;
    std::vector<uint8_t> buf_;  // the field being assembled
    uint64_t consumed_ = 0, field_at_ = 0, skip_left_ = 0;
    SkipFor skip_for_ = SkipFor::String;

    uint32_t version_ = 0, alignment_ = g::kDefaultAlignment;
    uint64_t tensor_count_ = 0, kv_count_ = 0, kv_index_ = 0;
    std::string key_, model_name_;
    std::unordered_set<std::string> keys_, tensor_names_;
    uint32_t value_type_ = 0, array_type_ = 0;
    bool in_array_ = false;
    uint64_t array_left_ = 0, array_index_ = 0;
    std::shared_ptr<std::vector<std::string>> tokens_;
    std::vector<std::pair<std::string, std::string>> meta_;
    size_t skipped_meta_ = 0;

    std::vector<TensorInfo> tensors_;
    uint64_t data_end_ = 0;
    std::string tensor_;
    std::unique_ptr<TensorRowReader> rows_;
    std::shared_ptr<EmbeddingTable> table_;
    bool finished_ = false;
};

}  // namespace

std::unique_ptr<Importer> make_gguf_importer(std::string source_name, ImportOptions opt,
                                             uint64_t total_bytes) {
    return std::make_unique<GgufImporter>(std::move(source_name), std::move(opt), total_bytes);
}

}  // namespace embx
