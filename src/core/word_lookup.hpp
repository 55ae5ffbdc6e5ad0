// Finding the row of a word the way a person types it: exact match first, then a
// case-insensitive match (ASCII letters), and for unknown words the nearest spellings present.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/embedding_table.hpp"
#include "core/status.hpp"

namespace embx {

struct WordMatch {
    uint32_t row = 0;
    bool exact = true;  // false: matched case-insensitively (e.g. "Paris" -> "paris")
};

// Error text for an unknown word names it and suggests spellings that exist. "#N" names row N
// (an LLM table's token id) unless a word is spelled that way.
Expected<WordMatch> resolve_word(const EmbeddingTable& table, std::string_view word);

// The N of "#N" (1 to 10 digits), else nullopt.
std::optional<uint64_t> parse_row_id(std::string_view word);

// Up to `max` words within edit distance 2 of `word`, most similar first, then most frequent.
// Only the `scan_rows` most frequent rows are considered (0 = all).
std::vector<std::string> spelling_suggestions(const EmbeddingTable& table, std::string_view word,
                                              size_t max = 3, size_t scan_rows = 200000);

// "unknown word 'x' (did you mean 'y', 'z'?)" plus a streaming hint when rows are missing.
std::string unknown_word_message(const EmbeddingTable& table, std::string_view word);

}  // namespace embx
