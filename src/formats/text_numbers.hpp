// Numbers in text formats (GloVe, word2vec, fastText, TSV, .npy headers): parsing a row of
// floats in one call (the hot loop of every text importer), whole numbers for headers, and
// printing floats so that they read back bit for bit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace embx {

// What went wrong with the first bad value of a row.
enum class ValueProblem : uint8_t { None, NotANumber, NotFinite, OutOfRange, EmptyField };

struct ValueScan {
    size_t count = 0;  // values in the row (those past `cap` are counted, not parsed)
    ValueProblem problem = ValueProblem::None;
    std::string_view bad;  // the offending text when problem != None
};

// Floats separated by runs of spaces or tabs; leading and trailing blanks are ignored.
// Stores up to `cap` values in `out`, stops at the first bad one.
ValueScan scan_blank_separated(const char* p, const char* end, float* out, size_t cap);

// Floats separated by exactly one tab each (TensorFlow Projector vectors.tsv); an empty
// field is an error.
ValueScan scan_tab_separated(const char* p, const char* end, float* out, size_t cap);

// Number of fields separated by runs of spaces or tabs.
size_t count_blank_separated(const char* p, const char* end);

// "value 'x' is not a number" and friends, for error messages.
std::string describe_value_problem(const ValueScan& s);

enum class WholeNumber : uint8_t { Ok, Negative, TooLarge, NotANumber };
// A decimal whole number with no sign (a leading '-' is reported as Negative); TooLarge
// when it exceeds `max`.
WholeNumber parse_whole_number(std::string_view s, uint64_t max, uint64_t& out);

// Appends `v` with the fewest of 6 or 9 significant digits that read back as the same float
// (the same text on every platform: clang 14's libc++ has no floating-point to_chars).
void append_float(std::string& out, float v);

// `bytes` quoted for an error message: at most `max` bytes, invalid UTF-8 as \xNN.
std::string quoted(std::string_view bytes, size_t max = 40);

}  // namespace embx
