// Vector arithmetic expressions: "italy - rome + london", "0.5*king + woman", "'e-mail' + x".
//
// Grammar: [sign] [weight '*'] word { sign [weight '*'] word }, sign = '+' | '-'.
// Words are separated from operators by spaces, or not at all ("italy-rome+london", as in a
// URL): a run like "e-mail" is kept whole when the table has that word, else it is split at
// '+'/'-' taking the longest known word first. Quotes ('...' or "...") keep anything whole.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace embx {

struct ExpressionTerm {
    std::string word;   // as typed (without quotes)
    float weight = 1;   // sign included: "- 0.5*man" -> -0.5
};

// `is_word` says whether a string names a row (exact or case-insensitive); it only steers how
// unspaced runs are split, unknown words are reported later by the caller.
Expected<std::vector<ExpressionTerm>> parse_expression(std::string_view text,
                                                       const std::function<bool(std::string_view)>& is_word);

}  // namespace embx
