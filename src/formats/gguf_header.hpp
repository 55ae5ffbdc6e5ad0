// The header of a GGUF file (layout in gguf_layout.hpp) read chunk by chunk: the key-value
// pairs and the tensor infos, every count, length, dimension and offset checked (against the
// file size when it is known) before anything is allocated. Used by the table importer
// (formats/gguf: one matrix) and the model loader (formats/gguf_model: every tensor).
//
//   GgufHeaderReader h(name, file_size, {{"tokenizer.ggml.tokens"}, {}});
//   while (!h.done()) { auto used = h.feed(p, n); ... }  // stops at the end of the tensor infos
//   h.data_start();  // where the tensor data begins (after the alignment padding)
//
// Scalars and strings up to kMaxKeptStringBytes are kept; long strings (chat templates) and
// arrays are skipped unread, except the arrays named in Options.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/status.hpp"

namespace embx {

struct GgufTensorInfo {
    std::string name;
    std::vector<uint64_t> dims;  // dims[0] values per row (contiguous), dims[1] rows, ...
    uint32_t type = 0;           // ggml type id (gguf_layout.hpp)
    uint64_t offset = 0;         // relative to the data section
    uint64_t bytes = 0;          // 0 when the type is unknown
    uint64_t info_at = 0;        // file offset of its type field, for messages
};

// One kept key's value: scalars as text and (numbers, bools) as a double too.
struct GgufValue {
    uint32_t type = 0;  // gguf_format::ValueType
    std::string text;
    double number = 0;
};

class GgufHeaderReader {
public:
    static constexpr uint64_t kMaxKeptStringBytes = 1024;
    static constexpr uint64_t kMaxArrayStringBytes = 65536;  // a token or a merge
    static constexpr uint64_t kMaxArrayEntries = uint64_t(1) << 24;

    struct Options {
        std::set<std::string> string_arrays;   // kept whole (tokenizer.ggml.tokens, .merges)
        std::set<std::string> integer_arrays;  // kept whole (tokenizer.ggml.token_type)
    };
    // `total_bytes` = 0 when unknown.
    GgufHeaderReader(std::string name, uint64_t total_bytes, Options options);

    // Reads from the bytes given, up to the end of the tensor infos; returns how many it used
    // (fewer than n once done()). An error says what and at which byte.
    Expected<size_t> feed(const uint8_t* data, size_t n);
    bool done() const { return step_ == Step::Done; }
    // When the file ended before done(): where it ended, for "file is truncated: it ends inside ...".
    std::string where() const;
    uint64_t consumed() const { return consumed_; }

    uint32_t version() const { return version_; }
    uint32_t alignment() const { return alignment_; }
    uint64_t header_end() const { return header_end_; }  // the end of the tensor infos
    uint64_t data_start() const { return data_start_; }  // header_end rounded up to the alignment
    uint64_t data_end() const { return data_end_; }      // the end of the last tensor's bytes
    const std::vector<GgufTensorInfo>& tensors() const { return tensors_; }
    const GgufTensorInfo* tensor(const std::string& name) const;

    // Kept scalar and short string values, by key; in file order for display.
    const GgufValue* value(const std::string& key) const;
    const std::vector<std::pair<std::string, std::string>>& listed() const { return listed_; }
    size_t skipped_values() const { return skipped_; }  // strings too long to keep, arrays not asked for
    // Arrays asked for in Options, when the file has them.
    const std::vector<std::string>* strings(const std::string& key) const;
    const std::vector<int64_t>* integers(const std::string& key) const;

private:
    enum class Step {
        Header, KeyLength, Key, ValueType, Scalar, ArrayHeader, StringLength, StringBytes, Skip,
        TensorNameLength, TensorName, TensorDimCount, TensorDims, TensorTypeOffset, Done
    };
    enum class SkipFor { String, Array };

    Status fail(uint64_t offset, const std::string& what);
    void expect(Step s, uint64_t bytes);
    void skip(uint64_t bytes, SkipFor why);
    uint64_t remaining() const { return total_ > consumed_ ? total_ - consumed_ : 0; }
    bool runs_past_end(uint64_t bytes) const { return total_ && bytes > remaining(); }

    Status process();
    Status read_header(const uint8_t* p);
    Status next_kv();
    Status read_name_length(const uint8_t* p, Step next, const char* what);
    Status read_key(const uint8_t* p);
    Status read_value_type(uint32_t t);
    Status read_scalar(const uint8_t* p);
    Status read_array_header(uint32_t element, uint64_t count);
    Status read_string_length(uint64_t len);
    Status read_string(std::string s);
    Status element_done();
    Status value_done();
    Status next_tensor_info();
    Status read_tensor_name(const uint8_t* p);
    Status read_dim_count(uint32_t n);
    Status read_dims(const uint8_t* p);
    Status read_type_offset(uint32_t type, uint64_t offset);
    Status end_of_header();

    std::string name_;
    uint64_t total_;
    Options opt_;
    Status error_;
    Step step_ = Step::Header;
    uint64_t need_;
    std::vector<uint8_t> buf_;  // the field being assembled
    uint64_t consumed_ = 0, field_at_ = 0, skip_left_ = 0;
    SkipFor skip_for_ = SkipFor::String;

    uint32_t version_ = 0, alignment_;
    uint64_t tensor_count_ = 0, kv_count_ = 0, kv_index_ = 0;
    std::string key_;
    std::set<std::string> keys_, tensor_names_;
    uint32_t value_type_ = 0, array_type_ = 0;
    bool in_array_ = false, keep_array_ = false;
    uint64_t array_left_ = 0, array_index_ = 0;

    std::map<std::string, GgufValue> values_;
    std::vector<std::pair<std::string, std::string>> listed_;
    size_t skipped_ = 0;
    std::map<std::string, std::vector<std::string>> string_arrays_;
    std::map<std::string, std::vector<int64_t>> integer_arrays_;

    std::vector<GgufTensorInfo> tensors_;
    uint64_t header_end_ = 0, data_start_ = 0, data_end_ = 0;
};

}  // namespace embx
