#include "formats/gguf_header.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "formats/byte_order.hpp"
#include "formats/gguf_layout.hpp"

namespace embx {

namespace {

namespace g = gguf_format;

constexpr const char* kTokensKey = "tokenizer.ggml.tokens";
constexpr const char* kAlignmentKey = "general.alignment";

// Keys whose value type we rely on.
uint32_t expected_type(const std::string& key) {
    if (key == kAlignmentKey) return g::kU32;
    if (key == kTokensKey || key == "tokenizer.ggml.merges" || key == "tokenizer.ggml.token_type") return g::kArray;
    if (key == "general.name" || key == "general.architecture" || key == "tokenizer.ggml.model" ||
        key == "tokenizer.ggml.pre")
        return g::kString;
    return UINT32_MAX;
}

bool mul_overflows(uint64_t a, uint64_t b, uint64_t& out) {
    if (a != 0 && b > UINT64_MAX / a) return true;
    out = a * b;
    return false;
}

bool is_integer_type(uint32_t t) {
    return t == g::kU8 || t == g::kI8 || t == g::kU16 || t == g::kI16 || t == g::kU32 || t == g::kI32 ||
           t == g::kU64 || t == g::kI64;
}

GgufValue scalar_value(uint32_t type, const uint8_t* p) {
    GgufValue v;
    v.type = type;
    char buf[32];
    switch (type) {
        case g::kU8: v.number = p[0]; break;
        case g::kI8: v.number = int8_t(p[0]); break;
        case g::kU16: v.number = load_le<uint16_t>(p); break;
        case g::kI16: v.number = load_le<int16_t>(p); break;
        case g::kU32: v.number = load_le<uint32_t>(p); break;
        case g::kI32: v.number = load_le<int32_t>(p); break;
        case g::kU64: v.text = std::to_string(load_le<uint64_t>(p)); v.number = double(load_le<uint64_t>(p)); return v;
        case g::kI64: v.text = std::to_string(load_le<int64_t>(p)); v.number = double(load_le<int64_t>(p)); return v;
        case g::kBool: v.number = p[0]; v.text = p[0] ? "true" : "false"; return v;
        case g::kF32:
            v.number = load_le<float>(p);
            std::snprintf(buf, sizeof buf, "%.9g", v.number);
            v.text = buf;
            return v;
        case g::kF64:
            v.number = load_le<double>(p);
            std::snprintf(buf, sizeof buf, "%.17g", v.number);
            v.text = buf;
            return v;
        default: return v;
    }
    v.text = std::to_string(int64_t(v.number));
    return v;
}

int64_t integer_at(uint32_t type, const uint8_t* p) {
    switch (type) {
        case g::kU8: return p[0];
        case g::kI8: return int8_t(p[0]);
        case g::kU16: return load_le<uint16_t>(p);
        case g::kI16: return load_le<int16_t>(p);
        case g::kU32: return load_le<uint32_t>(p);
        case g::kI32: return load_le<int32_t>(p);
        case g::kU64: return int64_t(std::min<uint64_t>(load_le<uint64_t>(p), uint64_t(INT64_MAX)));
        case g::kI64: return load_le<int64_t>(p);
        default: return 0;
    }
}

}  // namespace

GgufHeaderReader::GgufHeaderReader(std::string name, uint64_t total_bytes, Options options)
    : name_(std::move(name)), total_(total_bytes), opt_(std::move(options)), need_(g::kFixedHeaderBytes),
      alignment_(g::kDefaultAlignment) {}

Status GgufHeaderReader::fail(uint64_t offset, const std::string& what) {
    error_ = Error{name_ + ": byte " + std::to_string(offset) + ": " + what};
    return error_;
}

void GgufHeaderReader::expect(Step s, uint64_t bytes) {
    step_ = s;
    need_ = bytes;
    buf_.clear();
}

void GgufHeaderReader::skip(uint64_t bytes, SkipFor why) {
    step_ = Step::Skip;
    skip_left_ = bytes;
    skip_for_ = why;
    buf_.clear();
}

const GgufTensorInfo* GgufHeaderReader::tensor(const std::string& name) const {
    for (const GgufTensorInfo& t : tensors_)
        if (t.name == name) return &t;
    return nullptr;
}

const GgufValue* GgufHeaderReader::value(const std::string& key) const {
    const auto it = values_.find(key);
    return it == values_.end() ? nullptr : &it->second;
}

const std::vector<std::string>* GgufHeaderReader::strings(const std::string& key) const {
    const auto it = string_arrays_.find(key);
    return it == string_arrays_.end() ? nullptr : &it->second;
}

const std::vector<int64_t>* GgufHeaderReader::integers(const std::string& key) const {
    const auto it = integer_arrays_.find(key);
    return it == integer_arrays_.end() ? nullptr : &it->second;
}

Expected<size_t> GgufHeaderReader::feed(const uint8_t* data, size_t n) {
    if (!error_.ok()) return Error{error_.error()};
    size_t used = 0;
    while (step_ != Step::Done) {
        if (step_ == Step::Skip) {
            if (skip_left_ == 0) {
                const Status s = skip_for_ == SkipFor::String ? element_done() : value_done();
                if (!s.ok()) return Error{s.error()};
                continue;
            }
            if (used == n) break;
            const size_t take = size_t(std::min<uint64_t>(n - used, skip_left_));
            used += take;
            consumed_ += take;
            skip_left_ -= take;
            continue;
        }
        if (buf_.size() == need_) {
            field_at_ = consumed_ - need_;
            if (Status s = process(); !s.ok()) return Error{s.error()};
            continue;
        }
        if (used == n) break;
        const size_t take = size_t(std::min<uint64_t>(n - used, need_ - buf_.size()));
        buf_.insert(buf_.end(), data + used, data + used + take);
        used += take;
        consumed_ += take;
    }
    return used;
}

std::string GgufHeaderReader::where() const {
    switch (step_) {
        case Step::Header: return "the 24-byte file header";
        case Step::KeyLength:
        case Step::Key: return "the key of key-value pair " + std::to_string(kv_index_);
        case Step::ValueType:
        case Step::Scalar:
        case Step::ArrayHeader:
        case Step::StringLength:
        case Step::StringBytes:
        case Step::Skip: return "the value of '" + key_ + "'";
        case Step::TensorNameLength:
        case Step::TensorName:
        case Step::TensorDimCount:
        case Step::TensorDims:
        case Step::TensorTypeOffset: return "tensor info " + std::to_string(tensors_.size());
        case Step::Done: break;
    }
    return "the header";
}

Status GgufHeaderReader::process() {
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
        case Step::Done: break;
    }
    return Status::success();
}

// --- file header and key-value pairs --------------------------------------------------------

Status GgufHeaderReader::read_header(const uint8_t* p) {
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
            return fail(16, std::to_string(kv_count_) + " key-value pairs cannot fit in the " + std::to_string(room) +
                                " bytes after the header");
        if (tensor_count_ > (room - kv_count_ * g::kMinKvBytes) / g::kMinTensorInfoBytes)
            return fail(8, std::to_string(tensor_count_) + " tensor infos cannot fit in the file (" +
                               std::to_string(total_) + " bytes)");
    }
    return next_kv();
}

Status GgufHeaderReader::next_kv() {
    if (kv_index_ < kv_count_) {
        expect(Step::KeyLength, 8);
        return Status::success();
    }
    return next_tensor_info();
}

Status GgufHeaderReader::read_name_length(const uint8_t* p, Step next, const char* what) {
    const uint64_t len = load_le<uint64_t>(p);
    if (len > g::kMaxNameBytes)
        return fail(field_at_, std::string(what) + " length " + std::to_string(len) + " is over the " +
                                   std::to_string(g::kMaxNameBytes) + "-byte limit");
    if (runs_past_end(len))
        return fail(field_at_, std::string(what) + " length " + std::to_string(len) + " runs past the end of the file");
    expect(next, len);
    return Status::success();
}

Status GgufHeaderReader::read_key(const uint8_t* p) {
    key_.assign(reinterpret_cast<const char*>(p), buf_.size());
    if (!keys_.insert(key_).second) return fail(field_at_, "duplicate key '" + key_ + "'");
    expect(Step::ValueType, 4);
    return Status::success();
}

Status GgufHeaderReader::read_value_type(uint32_t t) {
    if (t >= g::kValueTypeCount) return fail(field_at_, "key '" + key_ + "' has an unknown value type " + std::to_string(t));
    if (const uint32_t want = expected_type(key_); want != UINT32_MAX && want != t)
        return fail(field_at_, "key '" + key_ + "' must be " +
                                   (want != g::kArray ? "a " + std::string(g::value_type_name(want))
                                    : key_ == "tokenizer.ggml.token_type" ? std::string("an array of integers")
                                                                          : std::string("an array of strings")) +
                                   ", not a " + std::string(g::value_type_name(t)));
    value_type_ = t;
    in_array_ = false;
    if (t == g::kArray) expect(Step::ArrayHeader, 12);
    else if (t == g::kString) expect(Step::StringLength, 8);
    else expect(Step::Scalar, g::scalar_bytes(t));
    return Status::success();
}

Status GgufHeaderReader::read_scalar(const uint8_t* p) {
    if (in_array_) {  // an element of a kept integer array
        integer_arrays_[key_].push_back(integer_at(array_type_, p));
        return element_done();
    }
    if (value_type_ == g::kBool && p[0] > 1)
        return fail(field_at_, "key '" + key_ + "': bool value " + std::to_string(p[0]) + " is not 0 or 1");
    if (key_ == kAlignmentKey) {
        const uint32_t a = load_le<uint32_t>(p);
        if (a == 0 || (a & (a - 1)) != 0)
            return fail(field_at_, "general.alignment " + std::to_string(a) + " is not a power of two");
        alignment_ = a;
    }
    GgufValue v = scalar_value(value_type_, p);
    listed_.emplace_back(key_, v.text);
    values_[key_] = std::move(v);
    return value_done();
}

Status GgufHeaderReader::read_array_header(uint32_t element, uint64_t count) {
    if (element >= g::kValueTypeCount)
        return fail(field_at_, "key '" + key_ + "': array of unknown type " + std::to_string(element));
    if (element == g::kArray) return fail(field_at_, "key '" + key_ + "': nested arrays are not supported");
    const bool want_strings = opt_.string_arrays.count(key_) > 0, want_integers = opt_.integer_arrays.count(key_) > 0;
    if ((key_ == kTokensKey || want_strings) && element != g::kString)
        return fail(field_at_, "key '" + key_ + "' must be an array of strings, not of " +
                                   std::string(g::value_type_name(element)));
    if (want_integers && !is_integer_type(element))
        return fail(field_at_, "key '" + key_ + "' must be an array of integers, not of " +
                                   std::string(g::value_type_name(element)));
    const uint64_t min_bytes = element == g::kString ? 8 : g::scalar_bytes(element);
    uint64_t bytes = 0;
    if (mul_overflows(count, min_bytes, bytes) || runs_past_end(bytes))
        return fail(field_at_ + 4, "key '" + key_ + "': an array of " + std::to_string(count) + " " +
                                       std::string(g::value_type_name(element)) + " values cannot fit in the rest of the file");
    in_array_ = true;
    array_type_ = element;
    array_left_ = count;
    array_index_ = 0;
    keep_array_ = want_strings || want_integers;
    if (keep_array_) {
        if (count > kMaxArrayEntries)
            return fail(field_at_ + 4, key_ + " has " + std::to_string(count) + " entries (the limit is " +
                                           std::to_string(kMaxArrayEntries) + ")");
        // Each entry has at least min_bytes in the file; reserve only what that proves.
        const size_t reserve = size_t(std::min<uint64_t>(count, total_ ? uint64_t(1) << 20 : 0));
        if (want_strings) string_arrays_[key_].reserve(reserve);
        else integer_arrays_[key_].reserve(reserve);
    }
    if (count == 0) return value_done();
    if (element == g::kString) expect(Step::StringLength, 8);
    else if (want_integers) expect(Step::Scalar, min_bytes);
    else skip(bytes, SkipFor::Array);
    return Status::success();
}

Status GgufHeaderReader::read_string_length(uint64_t len) {
    if (runs_past_end(len))
        return fail(field_at_, "key '" + key_ + "': string length " + std::to_string(len) + " runs past the end of the file");
    if (in_array_ && keep_array_) {
        if (len > kMaxArrayStringBytes)
            return fail(field_at_, (key_ == kTokensKey ? "token " : key_ + " entry ") + std::to_string(array_index_) + " is " + std::to_string(len) +
                                       " bytes long (the limit is " + std::to_string(kMaxArrayStringBytes) + ")");
        expect(Step::StringBytes, len);
    } else if (!in_array_ && len <= kMaxKeptStringBytes) {
        expect(Step::StringBytes, len);
    } else {
        if (!in_array_) ++skipped_;
        skip(len, SkipFor::String);
    }
    return Status::success();
}

Status GgufHeaderReader::read_string(std::string s) {
    if (in_array_) {
        string_arrays_[key_].push_back(std::move(s));
    } else {
        listed_.emplace_back(key_, s);
        values_[key_] = GgufValue{g::kString, std::move(s), 0};
    }
    return element_done();
}

Status GgufHeaderReader::element_done() {
    if (in_array_) {
        ++array_index_;
        if (--array_left_ > 0) {
            if (array_type_ == g::kString) expect(Step::StringLength, 8);
            else expect(Step::Scalar, g::scalar_bytes(array_type_));
            return Status::success();
        }
    }
    return value_done();
}

Status GgufHeaderReader::value_done() {
    in_array_ = keep_array_ = false;
    ++kv_index_;
    return next_kv();
}

// --- tensor infos ---------------------------------------------------------------------------

Status GgufHeaderReader::next_tensor_info() {
    if (tensors_.size() < tensor_count_) {
        expect(Step::TensorNameLength, 8);
        return Status::success();
    }
    return end_of_header();
}

Status GgufHeaderReader::read_tensor_name(const uint8_t* p) {
    GgufTensorInfo t;
    t.name.assign(reinterpret_cast<const char*>(p), buf_.size());
    if (!tensor_names_.insert(t.name).second) return fail(field_at_, "duplicate tensor name '" + t.name + "'");
    tensors_.push_back(std::move(t));
    expect(Step::TensorDimCount, 4);
    return Status::success();
}

Status GgufHeaderReader::read_dim_count(uint32_t n) {
    if (n == 0 || n > g::kMaxDims)
        return fail(field_at_, "tensor '" + tensors_.back().name + "' has " + std::to_string(n) + " dimensions (1 to " +
                                   std::to_string(g::kMaxDims) + " are allowed)");
    expect(Step::TensorDims, 8ull * n);
    return Status::success();
}

Status GgufHeaderReader::read_dims(const uint8_t* p) {
    GgufTensorInfo& t = tensors_.back();
    uint64_t elements = 1;
    for (size_t i = 0; i < buf_.size() / 8; ++i) {
        const uint64_t d = load_le<uint64_t>(p + 8 * i);
        if (d == 0) return fail(field_at_ + 8 * i, "tensor '" + t.name + "': dimension " + std::to_string(i) + " is 0");
        if (mul_overflows(elements, d, elements) || elements > uint64_t(INT64_MAX))
            return fail(field_at_ + 8 * i, "tensor '" + t.name + "': the element count overflows");
        t.dims.push_back(d);
    }
    expect(Step::TensorTypeOffset, 12);
    return Status::success();
}

Status GgufHeaderReader::read_type_offset(uint32_t type, uint64_t offset) {
    GgufTensorInfo& t = tensors_.back();
    t.type = type;
    t.offset = offset;
    t.info_at = field_at_;
    if (offset % alignment_)
        return fail(field_at_ + 4, "tensor '" + t.name + "': offset " + std::to_string(offset) +
                                       " is not a multiple of the alignment " + std::to_string(alignment_));
    if (const auto* tt = g::find_tensor_type(type)) {
        if (t.dims[0] % tt->block_values)
            return fail(field_at_, "tensor '" + t.name + "': rows of " + std::to_string(t.dims[0]) + " values are not whole " +
                                       std::string(tt->name) + " blocks of " + std::to_string(tt->block_values));
        uint64_t elements = 1;
        for (uint64_t d : t.dims) elements *= d;  // checked in read_dims
        if (mul_overflows(elements / tt->block_values, tt->block_bytes, t.bytes) || t.bytes > UINT64_MAX - offset)
            return fail(field_at_, "tensor '" + t.name + "': its size overflows");
    }
    return next_tensor_info();
}

Status GgufHeaderReader::end_of_header() {
    header_end_ = consumed_;
    if (header_end_ > UINT64_MAX - alignment_) return fail(header_end_, "file too large");
    data_start_ = (header_end_ + alignment_ - 1) / alignment_ * alignment_;
    for (const GgufTensorInfo& t : tensors_) {
        if (data_start_ > UINT64_MAX - t.bytes || t.offset > UINT64_MAX - data_start_ - t.bytes)
            return fail(t.info_at + 4, "tensor '" + t.name + "': offset out of range");
        const uint64_t end = data_start_ + t.offset + t.bytes;
        if (total_ && end > total_)
            return fail(t.info_at + 4, "tensor '" + t.name + "' data (bytes " + std::to_string(data_start_ + t.offset) +
                                           ".." + std::to_string(end) + ") runs past the end of the file (" +
                                           std::to_string(total_) + " bytes)");
        data_end_ = std::max(data_end_, end);
    }
    std::vector<const GgufTensorInfo*> sized;
    for (const GgufTensorInfo& t : tensors_)
        if (t.bytes) sized.push_back(&t);
    std::sort(sized.begin(), sized.end(), [](auto* a, auto* b) { return a->offset < b->offset; });
    for (size_t i = 1; i < sized.size(); ++i)
        if (sized[i]->offset < sized[i - 1]->offset + sized[i - 1]->bytes)
            return fail(sized[i]->info_at + 4, "tensors '" + sized[i - 1]->name + "' and '" + sized[i]->name + "' overlap");
    step_ = Step::Done;
    return Status::success();
}

}  // namespace embx
