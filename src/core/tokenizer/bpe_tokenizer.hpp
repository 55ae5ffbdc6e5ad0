// Hugging Face byte-level BPE as Qwen2/Qwen3 (and GPT-2-style byte-level models) use it:
//   1. added tokens (<|endoftext|>, <|im_start|>, ...) are cut out of the raw text first,
//      leftmost and longest first, and become their own ids;
//   2. the rest is NFC-normalized (when the tokenizer says so) and split by the Qwen2
//      pre-tokenizer (qwen2_pretokenizer.hpp);
//   3. each piece's bytes are written in the byte-level alphabet (byte_level.hpp) and merged
//      pairwise, lowest merge rank first (leftmost on ties), until no merge applies.
// Pure: the vocabulary and merges come in a BpeSpec (formats/tokenizer_json.hpp reads one
// from a tokenizer.json).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/status.hpp"

namespace embx {

// Matched on the raw text, before normalization (Qwen's are all "normalized": false; an
// ASCII token reads the same either way). Strip flags take ASCII whitespace only.
struct AddedToken {
    std::string content;
    uint32_t id = 0;
    bool special = false;  // <|endoftext|> and friends (a decoder may skip them)
    bool lstrip = false;   // swallows the whitespace before it
    bool rstrip = false;   // swallows the whitespace after it
};

struct BpeSpec {
    std::vector<std::string> vocab;                              // token string of each id
    std::vector<std::pair<std::string, std::string>> merges;     // in rank order
    std::vector<AddedToken> added;
    bool nfc = true;             // normalizer NFC (else none)
    bool ignore_merges = false;  // a piece that is already a token is not merged
};

struct Token {
    uint32_t id = 0;
    std::string text;    // the vocabulary's string ("Ġcod", "<|im_start|>")
    bool added = false;  // an added token, matched before pre-tokenization
};

class BpeTokenizer {
public:
    // Checks the spec: every merge's parts and result must be tokens, added ids in range.
    static Expected<BpeTokenizer> create(BpeSpec spec);

    std::vector<Token> encode(std::string_view text) const;
    std::vector<uint32_t> encode_ids(std::string_view text) const;

    size_t vocab_size() const { return vocab_.size(); }
    const std::string& token(uint32_t id) const { return vocab_[id]; }
    const std::vector<AddedToken>& added_tokens() const { return added_; }

private:
    struct Merge {
        uint32_t rank, result;
    };

    void encode_piece(std::string_view piece, std::vector<uint32_t>& out) const;
    void encode_text(std::string_view text, std::vector<uint32_t>& out) const;
    // The earliest, then longest, added token in text[from..): {start, end, index}.
    bool find_added(std::string_view text, size_t from, size_t& start, size_t& end, size_t& index) const;

    std::vector<std::string> vocab_;
    std::unordered_map<std::string, uint32_t> id_of_;
    std::unordered_map<uint64_t, Merge> merges_;  // (left id << 32 | right id) -> rank, result
    int64_t byte_id_[256];                         // the id of each single byte, -1 if none
    std::vector<AddedToken> added_;
    std::vector<bool> is_added_;  // by id
    std::vector<std::vector<size_t>> added_by_first_byte_;  // longest first
    bool nfc_ = true, ignore_merges_ = false;
};

}  // namespace embx
