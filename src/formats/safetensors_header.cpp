#include "formats/safetensors_header.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_set>

#include <nlohmann/json.hpp>

namespace embx {

namespace {

using json = nlohmann::json;

// Headers are three levels deep; a little slack for unknown fields, but no nesting bombs
// (a header of '[' repeated would otherwise build millions of levels).
constexpr int kMaxDepth = 8;

// Index of the first byte that is not part of well-formed UTF-8, or n if all are.
size_t first_invalid_utf8(const uint8_t* p, size_t n) {
    size_t i = 0;
    while (i < n) {
        const uint8_t c = p[i];
        size_t len;
        uint32_t min;
        if (c < 0x80) { ++i; continue; }
        if ((c & 0xE0) == 0xC0) { len = 2; min = 0x80; }
        else if ((c & 0xF0) == 0xE0) { len = 3; min = 0x800; }
        else if ((c & 0xF8) == 0xF0) { len = 4; min = 0x10000; }
        else return i;
        if (n - i < len) return i;
        uint32_t cp = c & (0x7F >> len);
        for (size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) return i;
            cp = cp << 6 | (p[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;  // overlong, range, surrogate
        i += len;
    }
    return n;
}

// "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error while ..."
// -> "syntax error while ..."
std::string json_problem(const std::string& what) {
    const auto at = what.find("column ");
    const auto colon = at == std::string::npos ? at : what.find(": ", at);
    return colon == std::string::npos ? what : what.substr(colon + 2);
}

std::string shape_text(const std::vector<uint64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

// Collects the header's tensors and metadata from nlohmann's SAX events; rejects wrong JSON
// types as they appear, so nothing but the few fields we keep is ever stored.
class HeaderSax {
public:
    explicit HeaderSax(SafetensorsHeader& out) : out_(out) {}

    std::string problem;         // why parsing stopped, when the JSON itself was valid
    size_t syntax_position = 0;  // for JSON syntax errors
    bool syntax_error = false;

    bool null() { return scalar("null"); }
    bool boolean(bool) { return scalar("a boolean"); }
    bool number_integer(json::number_integer_t) { return scalar("a negative number"); }
    bool number_unsigned(json::number_unsigned_t v) {
        if (depth_ == 3 && (field_ == Field::Shape || field_ == Field::Offsets)) {
            (field_ == Field::Shape ? tensor().shape : offsets_).push_back(v);
            return true;
        }
        return scalar("a number");
    }
    bool number_float(json::number_float_t, const std::string&) { return scalar("a non-integer number"); }
    bool string(std::string& s) {
        if (depth_ == 2 && in_meta_) {
            out_.metadata.emplace_back(std::move(meta_key_), std::move(s));
            return true;
        }
        if (depth_ == 2 && field_ == Field::Dtype) {
            tensor().dtype = std::move(s);
            return true;
        }
        return scalar("a string");
    }
    bool binary(json::binary_t&) { return scalar("binary data"); }

    bool start_object(size_t) { return open(false); }
    bool start_array(size_t) { return open(true); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(std::string& k) {
        if (depth_ == 1) {
            if (!names_.insert(k).second) return reject("\"" + k + "\" appears twice");
            in_meta_ = k == "__metadata__";
            if (!in_meta_) {
                out_.tensors.emplace_back();
                out_.tensors.back().name = std::move(k);
            }
            return true;
        }
        if (depth_ == 2 && in_meta_) {
            meta_key_ = std::move(k);
            return true;
        }
        if (depth_ == 2) {
            field_ = k == "dtype" ? Field::Dtype : k == "shape" ? Field::Shape
                   : k == "data_offsets" ? Field::Offsets : Field::Other;
            if (field_ != Field::Other && !fields_.insert(k).second)
                return reject(where() + ": field \"" + k + "\" appears twice");
        }
        return true;
    }

    bool parse_error(size_t position, const std::string&, const nlohmann::detail::exception& ex) {
        syntax_error = true;
        syntax_position = position;
        problem = json_problem(ex.what());
        return false;
    }

    // data_offsets of each tensor, in header order (checked after parsing).
    std::vector<std::vector<uint64_t>> offsets;
    std::vector<uint8_t> seen_fields;  // bit 0 dtype, 1 shape, 2 data_offsets

private:
    enum class Field { None, Dtype, Shape, Offsets, Other };

    bool reject(std::string why) {
        problem = std::move(why);
        return false;
    }
    SafetensorsTensor& tensor() { return out_.tensors.back(); }
    std::string where() const {
        return in_meta_ ? std::string("__metadata__") : "tensor '" + out_.tensors.back().name + "'";
    }
    const char* field_name() const {
        return field_ == Field::Dtype ? "dtype" : field_ == Field::Shape ? "shape" : "data_offsets";
    }

    bool open(bool array) {
        if (depth_ == 0 && array) return reject("the header is not a JSON object");
        if (depth_ == 1 && array) return reject(where() + " is not a JSON object");
        if (depth_ == 2 && in_meta_) return reject("__metadata__ values must be strings");
        if (depth_ == 2 && field_ == Field::Dtype) return reject(where() + ": \"dtype\" must be a string");
        if (depth_ == 2 && (field_ == Field::Shape || field_ == Field::Offsets)) {
            if (!array) return reject(where() + ": \"" + field_name() + "\" must be an array of integers");
        }
        if (depth_ == 3 && (field_ == Field::Shape || field_ == Field::Offsets))
            return reject(where() + ": \"" + field_name() + "\" must hold non-negative integers");
        if (depth_ == 1 && !in_meta_) {  // a tensor entry starts
            fields_.clear();
            offsets_.clear();
            field_ = Field::None;
        }
        if (++depth_ > kMaxDepth)
            return reject("the header nests deeper than " + std::to_string(kMaxDepth) + " levels");
        return true;
    }

    bool close() {
        --depth_;
        if (depth_ == 1 && !in_meta_) {  // a tensor entry ends
            offsets.push_back(std::move(offsets_));
            seen_fields.push_back(uint8_t(fields_.count("dtype") | fields_.count("shape") << 1 |
                                          fields_.count("data_offsets") << 2));
        }
        if (depth_ == 1) in_meta_ = false;
        return true;
    }

    bool scalar(const char* what) {
        if (depth_ == 0) return reject("the header is not a JSON object");
        if (depth_ == 1) return reject(where() + " is not a JSON object");
        if (depth_ == 2 && in_meta_)
            return reject("__metadata__ values must be strings, \"" + meta_key_ + "\" is " + what);
        if (depth_ == 2 && field_ == Field::Dtype) return reject(where() + ": \"dtype\" must be a string, not " + what);
        if (depth_ == 2 && (field_ == Field::Shape || field_ == Field::Offsets))
            return reject(where() + ": \"" + field_name() + "\" must be an array of integers, not " + what);
        if (depth_ == 3 && (field_ == Field::Shape || field_ == Field::Offsets))
            return reject(where() + ": \"" + field_name() + "\" must hold non-negative integers, not " + what);
        return true;  // inside a field we do not use
    }

    SafetensorsHeader& out_;
    int depth_ = 0;
    bool in_meta_ = false;
    Field field_ = Field::None;
    std::string meta_key_;
    std::unordered_set<std::string> names_, fields_;
    std::vector<uint64_t> offsets_;
};

bool mul_overflows(uint64_t a, uint64_t b, uint64_t& out) {
    if (a != 0 && b > UINT64_MAX / a) return true;
    out = a * b;
    return false;
}

}  // namespace

uint32_t safetensors_dtype_bits(std::string_view d) {
    static const std::pair<std::string_view, uint32_t> kBits[] = {
        {"BOOL", 8},     {"U8", 8},        {"I8", 8},        {"F8_E5M2", 8},  {"F8_E4M3", 8},
        {"F8_E8M0", 8},  {"I16", 16},      {"U16", 16},      {"F16", 16},     {"BF16", 16},
        {"I32", 32},     {"U32", 32},      {"F32", 32},      {"I64", 64},     {"U64", 64},
        {"F64", 64},     {"F4", 4},        {"F6_E2M3", 6},   {"F6_E3M2", 6},
    };
    for (const auto& [name, bits] : kBits)
        if (name == d) return bits;
    return 0;
}

Expected<SafetensorsHeader> parse_safetensors_header(const std::string& source_name,
                                                     const uint8_t* p, size_t n, uint64_t at,
                                                     uint64_t buffer_available) {
    auto fail = [&](uint64_t offset, const std::string& what) {
        return Error{source_name + ": byte " + std::to_string(offset) + ": " + what};
    };
    if (const size_t bad = first_invalid_utf8(p, n); bad < n)
        return fail(at + bad, "the header is not valid UTF-8");

    SafetensorsHeader h;
    HeaderSax sax(h);
    bool parsed = false;
    try {  // sax_parse reports errors through the handler; this only guards against bad_alloc
        parsed = json::sax_parse(p, p + n, &sax);
    } catch (const std::exception& e) {
        return fail(at, std::string("cannot parse the header: ") + e.what());
    }
    if (!parsed) {
        if (sax.syntax_error)
            return fail(at + (sax.syntax_position ? sax.syntax_position - 1 : 0),
                        "the header is not valid JSON: " + sax.problem);
        return fail(at, "header: " + sax.problem);
    }

    for (size_t i = 0; i < h.tensors.size(); ++i) {
        const auto& t = h.tensors[i];
        const std::string who = "header: tensor '" + t.name + "'";
        static const char* kField[] = {"dtype", "shape", "data_offsets"};
        for (int f = 0; f < 3; ++f)
            if (!(sax.seen_fields[i] >> f & 1)) return fail(at, who + " has no \"" + kField[f] + "\"");
        const uint32_t bits = safetensors_dtype_bits(t.dtype);
        if (bits == 0) return fail(at, who + " has an unknown dtype '" + t.dtype + "'");
        const auto& off = sax.offsets[i];
        if (off.size() != 2)
            return fail(at, who + ": \"data_offsets\" must hold 2 integers [begin, end], not " +
                                std::to_string(off.size()));
        h.tensors[i].begin = off[0];
        h.tensors[i].end = off[1];
        if (off[0] > off[1]) return fail(at, who + ": data_offsets [" + std::to_string(off[0]) + ", " +
                                                 std::to_string(off[1]) + "] end before they begin");
        uint64_t elements = 1, total_bits = 0;
        for (uint64_t d : t.shape)
            if (mul_overflows(elements, d, elements))
                return fail(at, who + ": shape " + shape_text(t.shape) + " has more elements than 64 bits count");
        if (mul_overflows(elements, bits, total_bits))
            return fail(at, who + ": shape " + shape_text(t.shape) + " x " + t.dtype + " overflows 64 bits");
        if (total_bits % 8) return fail(at, who + ": shape " + shape_text(t.shape) + " does not fill whole bytes");
        if (off[1] - off[0] != total_bits / 8)
            return fail(at, who + ": shape " + shape_text(t.shape) + " of " + t.dtype + " needs " +
                                std::to_string(total_bits / 8) + " bytes but data_offsets hold " +
                                std::to_string(off[1] - off[0]));
    }

    // The buffer is entirely indexed: sorted by position, each tensor starts where the
    // previous one ended.
    std::vector<size_t> order(h.tensors.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const auto& x = h.tensors[a];
        const auto& y = h.tensors[b];
        return x.begin != y.begin ? x.begin < y.begin : x.end < y.end;
    });
    uint64_t end = 0;
    const SafetensorsTensor* prev = nullptr;
    for (size_t i : order) {
        const auto& t = h.tensors[i];
        if (t.begin < end)
            return fail(at, "header: tensors '" + prev->name + "' and '" + t.name + "' overlap");
        if (t.begin > end) {
            if (!prev)
                return fail(at, "header: the byte buffer does not start at 0: the first tensor, '" +
                                    t.name + "', starts at " + std::to_string(t.begin));
            return fail(at, "header: bytes " + std::to_string(end) + ".." + std::to_string(t.begin) +
                                " of the byte buffer belong to no tensor (a hole after '" + prev->name + "')");
        }
        end = t.end;
        prev = &t;
    }
    h.buffer_bytes = end;
    const uint64_t data_start = at + n;
    if (end > UINT64_MAX - data_start) return fail(at, "header: data_offsets are out of range");
    if (buffer_available != UINT64_MAX && end > buffer_available)
        return fail(at, "header: tensor '" + prev->name + "' ends at file byte " +
                            std::to_string(data_start + end) + " but the file has " +
                            std::to_string(data_start + buffer_available) + " bytes (data_offsets out of range)");
    if (buffer_available != UINT64_MAX && end < buffer_available)
        return fail(data_start + end, "the file has " + std::to_string(buffer_available - end) +
                                          " bytes after the last tensor (the byte buffer must be entirely indexed)");
    return h;
}

}  // namespace embx
