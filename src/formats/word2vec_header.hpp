// The header line "V D" shared by word2vec text, fastText .vec and word2vec binary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace embx {

struct Word2VecHeader {
    bool ok = false;
    uint64_t rows = 0;
    uint32_t dims = 0;
    std::string problem;  // when !ok: what is wrong...
    size_t at = 0;        // ...and where in the line
};

// Two whole numbers separated by blanks (trailing blanks and '\r' allowed). Refuses negative
// or zero counts, rows above 2^31 and dimensions above 65,536: the limits of a table.
Word2VecHeader parse_word2vec_header(std::string_view line);

}  // namespace embx
