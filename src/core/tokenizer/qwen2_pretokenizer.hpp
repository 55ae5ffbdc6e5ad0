// The Split pre-tokenizer of Qwen2/Qwen3 (tokenizer.json "pre_tokenizer", behaviour Isolated):
//
//   (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*
//   |\s*[\r\n]+|\s+(?!\S)|\s+
//
// written out as a scanner over code points (leftmost match, alternatives tried in order,
// with the backtracking each alternative would do) instead of a regex engine.
#pragma once

#include <string_view>
#include <vector>

namespace embx {

// The exact regex text this scanner implements, as tokenizer.json spells it.
extern const std::string_view kQwen2SplitPattern;

// Splits UTF-8 text (invalid bytes read as U+FFFD) into consecutive pieces that cover it.
std::vector<std::string_view> split_qwen2(std::string_view text);

}  // namespace embx
