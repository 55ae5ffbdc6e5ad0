// Word-per-line exchange formats cannot hold every word: word2vec separates words with
// blanks and lines, metadata.tsv with tabs and lines. An exporter either refuses such a word
// (an error naming its row) or writes it with '_' in place of each offending byte ("_" for an
// empty word) and counts it, so a matrix whose rows are named "<row N>" can still be written.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.hpp"
#include "formats/text_numbers.hpp"

namespace embx {

enum class UnwritableWords { Refuse, Replace };

struct WordRules {
    const char* forbidden;      // bytes that may not appear anywhere in a word
    bool allow_empty;
    bool forbid_leading_newline;
    const char* format;         // for the error message
};

// Appends `w` to `out` following `rules`; on a refusal returns the error and appends nothing.
inline Status append_word(std::string& out, std::string_view w, size_t row, const WordRules& rules,
                          UnwritableWords policy, size_t& replaced) {
    const bool empty_bad = w.empty() && !rules.allow_empty;
    const bool leading_bad = rules.forbid_leading_newline && !w.empty() && w[0] == '\n';
    const bool has_forbidden = w.find_first_of(rules.forbidden) != std::string_view::npos;
    if (!empty_bad && !leading_bad && !has_forbidden) {
        out += w;
        return Status::success();
    }
    if (policy == UnwritableWords::Refuse) {
        const char* why = empty_bad ? "is empty" : leading_bad ? "starts with a line break"
                                                               : "contains a blank or line break";
        return Error{"row " + std::to_string(row) + ": word " + quoted(w) + " " + why + ", which " + rules.format +
                     " cannot hold"};
    }
    ++replaced;
    if (w.empty()) {
        out += '_';
        return Status::success();
    }
    const size_t at = out.size();
    out += w;
    for (size_t i = at; i < out.size(); ++i)
        if (std::string_view(rules.forbidden).find(out[i]) != std::string_view::npos || (i == at && leading_bad))
            out[i] = '_';
    return Status::success();
}

}  // namespace embx
