// The words scikit-learn's CountVectorizer and TfidfVectorizer see with their defaults: the text
// lower-cased as Python's str.lower() does, then re.findall(r"(?u)\b\w\w+\b"), i.e. every
// maximal run of two or more word characters (letters, digits, numerics or '_' as Python's
// `re` defines \w; combining marks and punctuation split words). Single characters ("a", "I")
// are not words. No accent stripping, no Unicode normalisation (scikit-learn's defaults).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace embx {

// `utf8` should be valid UTF-8 (invalid bytes read as U+FFFD, which splits words).
std::vector<std::string> sklearn_word_tokens(std::string_view utf8);

}  // namespace embx
