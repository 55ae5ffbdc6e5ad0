#include "formats/npy_header.hpp"

#include "formats/embx_layout.hpp"
#include "formats/text_numbers.hpp"

namespace embx {

namespace {

constexpr size_t kMaxShapeEntries = 32;  // NumPy's own limit on dimensions

class DictParser {
public:
    explicit DictParser(std::string_view s) : s_(s) {}

    NpyHeader parse() {
        skip_blanks();
        if (!eat('{')) return fail("the header is not a dict (it must start with '{')");
        bool have_descr = false, have_order = false, have_shape = false;
        std::string descr;
        bool fortran = false;
        std::vector<uint64_t> shape;
        size_t descr_at = 0, shape_at = 0;
        for (;;) {
            skip_blanks();
            if (eat('}')) break;
            const size_t key_at = i_;
            std::string key;
            if (!string_literal(key)) return result_;
            skip_blanks();
            if (!eat(':')) return fail("expected ':' after the key " + quoted(key));
            skip_blanks();
            bool* seen = key == "descr" ? &have_descr : key == "fortran_order" ? &have_order
                       : key == "shape"  ? &have_shape : nullptr;
            if (!seen) return fail("unexpected key " + quoted(key) + " (expected descr, fortran_order, shape)", key_at);
            if (*seen) return fail("the key " + quoted(key) + " appears twice", key_at);
            *seen = true;
            if (key == "descr") {
                descr_at = i_;
                if (!string_literal(descr)) return result_;
            } else if (key == "fortran_order") {
                if (s_.substr(i_, 4) == "True") { fortran = true; i_ += 4; }
                else if (s_.substr(i_, 5) == "False") { fortran = false; i_ += 5; }
                else return fail("fortran_order must be True or False");
            } else {
                shape_at = i_;
                if (!tuple(shape)) return result_;
            }
            skip_blanks();
            if (eat(',')) continue;
            if (eat('}')) break;
            return fail("expected ',' or '}' in the header dict");
        }
        skip_blanks();
        if (i_ != s_.size()) return fail("unexpected text after the header dict");
        if (!have_descr) return fail("the header has no 'descr'", 0);
        if (!have_order) return fail("the header has no 'fortran_order'", 0);
        if (!have_shape) return fail("the header has no 'shape'", 0);

        NpyHeader h;
        if (descr == "<f4") h.element = NpyElement::F32;
        else if (descr == "<f2") h.element = NpyElement::F16;
        else if (descr == "<f8") h.element = NpyElement::F64;
        else if (descr.size() == 3 && descr[0] == '>' && descr[1] == 'f')
            return fail("big-endian floats (" + quoted(descr) + ") are not supported; save the array as little-endian", descr_at);
        else
            return fail("element type " + quoted(descr) + " is not supported (expected '<f4', '<f2' or '<f8')", descr_at);
        if (fortran) return fail("Fortran-order (column-major) arrays are not supported; save a C-order array", 0);
        if (shape.size() != 2)
            return fail("the array has " + std::to_string(shape.size()) +
                            " dimensions; an embedding matrix has 2 (rows, dims)", shape_at);
        if (shape[0] == 0) return fail("the shape has 0 rows", shape_at);
        if (shape[1] == 0) return fail("the shape has 0 columns (zero dimensions)", shape_at);
        if (shape[0] > embx_format::kMaxRows)
            return fail("the shape has " + std::to_string(shape[0]) + " rows, above the limit of " +
                            std::to_string(embx_format::kMaxRows), shape_at);
        if (shape[1] > embx_format::kMaxDims)
            return fail("the shape has " + std::to_string(shape[1]) + " columns, above the limit of " +
                            std::to_string(embx_format::kMaxDims), shape_at);
        h.ok = true;
        h.rows = shape[0];
        h.dims = uint32_t(shape[1]);
        return h;
    }

private:
    NpyHeader fail(std::string what) { return fail(std::move(what), i_); }
    NpyHeader fail(std::string what, size_t at) {
        result_ = NpyHeader{};
        result_.problem = std::move(what);
        result_.at = at;
        return result_;
    }
    void skip_blanks() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r')) ++i_;
    }
    bool eat(char c) {
        if (i_ < s_.size() && s_[i_] == c) {
            ++i_;
            return true;
        }
        return false;
    }

    bool string_literal(std::string& out) {
        if (i_ >= s_.size() || (s_[i_] != '\'' && s_[i_] != '"')) {
            fail("expected a quoted string");
            return false;
        }
        const char q = s_[i_++];
        const size_t start = i_;
        while (i_ < s_.size() && s_[i_] != q) {
            if (s_[i_] == '\\' || s_[i_] == '\n') {
                fail("escapes and line breaks are not allowed in header strings");
                return false;
            }
            ++i_;
        }
        if (i_ >= s_.size()) {
            fail("a string in the header is not closed", start - 1);
            return false;
        }
        out.assign(s_.substr(start, i_ - start));
        ++i_;
        return true;
    }

    // "(a, b)", "(a,)" or "()"; "(a)" is an int in Python, not a tuple.
    bool tuple(std::vector<uint64_t>& out) {
        if (!eat('(')) {
            fail("shape must be a tuple like (rows, dims)");
            return false;
        }
        bool trailing_comma = false;
        for (;;) {
            skip_blanks();
            if (eat(')')) break;
            const size_t start = i_;
            while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
            const std::string_view digits = s_.substr(start, i_ - start);
            uint64_t v = 0;
            if (digits.empty() || (digits.size() > 1 && digits[0] == '0')) {
                fail(i_ < s_.size() && s_[i_] == '-' ? "the shape holds a negative number"
                                                     : "the shape must hold whole numbers");
                return false;
            }
            if (parse_whole_number(digits, UINT64_MAX >> 1, v) != WholeNumber::Ok) {
                fail("a shape entry is too large", start);
                return false;
            }
            if (out.size() == kMaxShapeEntries) {
                fail("the shape has more than " + std::to_string(kMaxShapeEntries) + " entries", start);
                return false;
            }
            out.push_back(v);
            skip_blanks();
            trailing_comma = eat(',');
            if (trailing_comma) continue;
            skip_blanks();
            if (eat(')')) break;
            fail("expected ',' or ')' in the shape");
            return false;
        }
        if (out.size() == 1 && !trailing_comma) {
            fail("shape must be a tuple: a single entry needs a trailing comma");
            return false;
        }
        return true;
    }

    std::string_view s_;
    size_t i_ = 0;
    NpyHeader result_;
};

}  // namespace

NpyHeader parse_npy_header(std::string_view text) { return DictParser(text).parse(); }

}  // namespace embx
