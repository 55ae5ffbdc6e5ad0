// Splitting a sentence into the words a word-level table knows: runs of letters/digits (and
// apostrophes or hyphens inside them) are words; every other visible ASCII character is a
// token of its own ("2025." -> "2025", "."), as in GloVe's tokenization. Bytes >= 0x80 are
// treated as letters, so UTF-8 words stay whole.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace embx {

std::vector<std::string> split_sentence(std::string_view text);

}  // namespace embx
