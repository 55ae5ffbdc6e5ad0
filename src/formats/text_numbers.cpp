#include "formats/text_numbers.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <system_error>

#include <fast_float/fast_float.h>

#include "core/display_text.hpp"

namespace embx {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// --- Fast path for short decimals ---------------------------------------------------------
// Embedding files print 4-9 significant digits ("-0.038194", gensim's "-0.31598783"). Reading
// such a number 8 digits at a time (SWAR: one 64-bit word holds 8 ASCII digits) avoids the
// per-digit loop and its branch mispredictions. With at most 15 digits the mantissa m is below
// 10^15, so m and 10^k (k <= 15) are exact doubles and m / 10^k is one correctly rounded
// double division; rounding that to float is again correct, because double rounding is
// innocuous for a division when 53 >= 2 * 24 + 2 (Figueroa, 1995). The result is bit for bit
// what fast_float (or strtof) returns.

constexpr unsigned kMaxFastDigits = 15;
constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                             1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
constexpr uint64_t kPow10u[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};

uint64_t load64(const char* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);  // hosts are little-endian: byte 0 is the lowest
    return v;
}

// The high bit of every byte that is not an ASCII digit (masking bit 7 first keeps the
// addition from carrying into the next byte).
uint64_t non_digit_bytes(uint64_t w) {
    const uint64_t t = w ^ 0x3030303030303030ull;
    return (((t & 0x7F7F7F7F7F7F7F7Full) + 0x7676767676767676ull) | t) & 0x8080808080808080ull;
}

unsigned first_marked_byte(uint64_t m) { return unsigned(__builtin_ctzll(m)) >> 3; }

// The value of the first k (0..8) ASCII digits of w: shifted so they end at byte 7 (the
// bytes before them become leading zeros), then combined pairwise.
uint64_t leading_digits_value(uint64_t w, unsigned k) {
    if (k == 0) return 0;
    w = (w << (8 * (8 - k))) & 0x0F0F0F0F0F0F0F0Full;
    w = (w * 2561) >> 8;
    w = ((w & 0x00FF00FF00FF00FFull) * 6553601) >> 16;
    return ((w & 0x0000FFFF0000FFFFull) * 42949672960001ull) >> 32;
}

// "-123.4567" followed by a blank, with at most 7 digits before the point and 15 in all; null
// when the number needs the general parser (exponent, more digits, a '+', the end of the line
// within 16 bytes).
[[gnu::always_inline]] inline const char* parse_short_decimal(const char* p, const char* end, float& out) {
    const bool negative = *p == '-';
    const char* q = p + negative;
    if (end - q < 16) return nullptr;
    const uint64_t int_word = load64(q);
    const uint64_t int_stop = non_digit_bytes(int_word);
    if (!int_stop) return nullptr;
    const unsigned int_digits = first_marked_byte(int_stop);
    uint64_t mantissa = leading_digits_value(int_word, int_digits);
    unsigned frac_digits = 0;
    const char* after = q + int_digits;
    if (*after == '.') {
        const char* frac = after + 1;
        const uint64_t frac_word = load64(frac);
        const uint64_t frac_stop = non_digit_bytes(frac_word);
        if (frac_stop) {
            frac_digits = first_marked_byte(frac_stop);
            mantissa = mantissa * kPow10u[frac_digits] + leading_digits_value(frac_word, frac_digits);
        } else {  // 8 or more fraction digits: a second word
            if (end - (frac + 8) < 8) return nullptr;
            const uint64_t more_word = load64(frac + 8);
            const uint64_t more_stop = non_digit_bytes(more_word);
            if (!more_stop) return nullptr;
            const unsigned more = first_marked_byte(more_stop);
            frac_digits = 8 + more;
            if (int_digits + frac_digits > kMaxFastDigits) return nullptr;  // checked before m can overflow
            mantissa = (mantissa * 100000000 + leading_digits_value(frac_word, 8)) * kPow10u[more] +
                       leading_digits_value(more_word, more);
        }
        after = frac + frac_digits;
    }
    if (int_digits + frac_digits == 0 || !is_blank(*after)) return nullptr;
    // The sign goes in as a bit, not a branch: signs in embedding rows are a coin toss.
    double m = double(mantissa);
    uint64_t bits;
    std::memcpy(&bits, &m, 8);
    bits |= uint64_t(negative) << 63;
    std::memcpy(&m, &bits, 8);
    out = float(m / kPow10[frac_digits]);
    return after;
}

// --- General path -------------------------------------------------------------------------

// Parses a float at p (a leading '+' is allowed, as Python's float() allows it). Returns the
// end of the number, or null when no number starts there.
const char* parse_float(const char* p, const char* end, float& out, bool& out_of_range) {
    out_of_range = false;
    if (const char* fast = parse_short_decimal(p, end, out)) return fast;
    const char* q = p;
    if (q < end && *q == '+' && q + 1 < end && q[1] != '-' && q[1] != '+') ++q;
    const auto r = fast_float::from_chars(q, end, out);
    out_of_range = r.ec == std::errc::result_out_of_range;
    if (r.ec != std::errc() && !out_of_range) return nullptr;
    return r.ptr;
}

// Tokens that parse but are not finite are either spelled NaN/inf or overflow a float.
ValueProblem non_finite_kind(std::string_view token) {
    for (char c : token)
        if (c >= '0' && c <= '9') return ValueProblem::OutOfRange;
    return ValueProblem::NotFinite;
}

}  // namespace

ValueScan scan_blank_separated(const char* p, const char* end, float* out, size_t cap) {
    ValueScan s;
    for (;;) {
        while (p < end && is_blank(*p)) ++p;
        if (p == end) return s;
        if (s.count < cap) {  // the common case, kept free of calls: its result is always finite
            if (const char* after = parse_short_decimal(p, end, out[s.count])) {
                ++s.count;
                p = after;
                continue;
            }
        }
        if (s.count >= cap) {  // only count the rest, for the error message
            while (p < end && !is_blank(*p)) ++p;
            ++s.count;
            continue;
        }
        const char* token = p;
        float v = 0;
        bool out_of_range = false;
        const char* after = parse_float(p, end, v, out_of_range);
        if (!after || (after < end && !is_blank(*after)) || out_of_range || !std::isfinite(v)) {
            const char* token_end = token;
            while (token_end < end && !is_blank(*token_end)) ++token_end;
            s.bad = std::string_view(token, size_t(token_end - token));
            if (!after || (after < end && !is_blank(*after))) s.problem = ValueProblem::NotANumber;
            else if (out_of_range) s.problem = ValueProblem::OutOfRange;
            else s.problem = non_finite_kind(s.bad);
            return s;
        }
        out[s.count++] = v;
        p = after;
    }
}

ValueScan scan_tab_separated(const char* p, const char* end, float* out, size_t cap) {
    ValueScan s;
    for (;;) {
        const char* field_end = static_cast<const char*>(std::memchr(p, '\t', size_t(end - p)));
        if (!field_end) field_end = end;
        const std::string_view field(p, size_t(field_end - p));
        if (field.empty()) {
            s.problem = ValueProblem::EmptyField;
            return s;
        }
        if (s.count < cap) {
            float v = 0;
            bool out_of_range = false;
            const char* after = parse_float(p, end, v, out_of_range);  // stops at the tab
            if (!after || after != field_end) s.problem = ValueProblem::NotANumber;
            else if (out_of_range) s.problem = ValueProblem::OutOfRange;
            else if (!std::isfinite(v)) s.problem = non_finite_kind(field);
            if (s.problem != ValueProblem::None) {
                s.bad = field;
                return s;
            }
            out[s.count] = v;
        }
        ++s.count;
        if (field_end == end) return s;
        p = field_end + 1;
    }
}

size_t count_blank_separated(const char* p, const char* end) {
    size_t n = 0;
    while (p < end) {
        while (p < end && is_blank(*p)) ++p;
        if (p == end) break;
        ++n;
        while (p < end && !is_blank(*p)) ++p;
    }
    return n;
}

std::string describe_value_problem(const ValueScan& s) {
    switch (s.problem) {
        case ValueProblem::None: return "";
        case ValueProblem::NotANumber: return "value " + quoted(s.bad) + " is not a number";
        case ValueProblem::NotFinite:
            return "value " + quoted(s.bad) + " is not finite (NaN and infinity are rejected)";
        case ValueProblem::OutOfRange: return "value " + quoted(s.bad) + " is out of float range";
        case ValueProblem::EmptyField: return "empty field (two tabs in a row, or a tab at the end)";
    }
    return "";
}

WholeNumber parse_whole_number(std::string_view s, uint64_t max, uint64_t& out) {
    bool negative = false;
    if (!s.empty() && s[0] == '-') {
        negative = true;
        s.remove_prefix(1);
    }
    if (s.empty() || s.size() > 4096) return WholeNumber::NotANumber;
    for (char c : s)
        if (c < '0' || c > '9') return WholeNumber::NotANumber;
    if (negative) return WholeNumber::Negative;
    uint64_t v = 0;
    for (char c : s) {
        const auto d = uint64_t(c - '0');
        if (d > max || v > (max - d) / 10) return WholeNumber::TooLarge;
        v = v * 10 + d;
    }
    out = v;
    return WholeNumber::Ok;
}

void append_float(std::string& out, float v) {
    char buf[32];
    int n = std::snprintf(buf, sizeof buf, "%.6g", double(v));
    float back = 0;
    fast_float::from_chars(buf, buf + n, back);
    if (back != v) n = std::snprintf(buf, sizeof buf, "%.9g", double(v));
    out.append(buf, size_t(n));
}

std::string quoted(std::string_view bytes, size_t max) {
    const bool cut = bytes.size() > max;
    return "'" + escape_for_display(bytes.substr(0, max)) + (cut ? "...'" : "'");
}

}  // namespace embx
