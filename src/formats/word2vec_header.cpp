#include "formats/word2vec_header.hpp"

#include "formats/embx_layout.hpp"
#include "formats/text_numbers.hpp"

namespace embx {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

Word2VecHeader refuse(std::string what, size_t at) {
    Word2VecHeader h;
    h.problem = std::move(what);
    h.at = at;
    return h;
}

}  // namespace

Word2VecHeader parse_word2vec_header(std::string_view line) {
    std::string_view field[2];
    size_t start[2] = {0, 0}, count = 0, i = 0;
    while (i < line.size()) {
        while (i < line.size() && is_blank(line[i])) ++i;
        if (i == line.size()) break;
        const size_t s = i;
        while (i < line.size() && !is_blank(line[i])) ++i;
        if (count < 2) {
            field[count] = line.substr(s, i - s);
            start[count] = s;
        }
        ++count;
    }
    const std::string expected = "expected a header line 'rows dims' (two whole numbers), got " + quoted(line);
    if (count != 2) return refuse(expected, 0);
    uint64_t rows = 0, dims = 0;
    const auto r = parse_whole_number(field[0], embx_format::kMaxRows, rows);
    const auto d = parse_whole_number(field[1], embx_format::kMaxDims, dims);
    if (r == WholeNumber::NotANumber || d == WholeNumber::NotANumber) return refuse(expected, 0);
    if (r == WholeNumber::Negative) return refuse("row count " + quoted(field[0]) + " is negative", start[0]);
    if (d == WholeNumber::Negative) return refuse("dimension count " + quoted(field[1]) + " is negative", start[1]);
    if (r == WholeNumber::TooLarge)
        return refuse("row count " + quoted(field[0]) + " exceeds the limit of " +
                          std::to_string(embx_format::kMaxRows), start[0]);
    if (d == WholeNumber::TooLarge)
        return refuse("dimension count " + quoted(field[1]) + " exceeds the limit of " +
                          std::to_string(embx_format::kMaxDims), start[1]);
    if (rows == 0) return refuse("the header announces 0 rows", start[0]);
    if (dims == 0) return refuse("the header announces 0 dimensions", start[1]);
    Word2VecHeader h;
    h.ok = true;
    h.rows = rows;
    h.dims = uint32_t(dims);
    return h;
}

}  // namespace embx
