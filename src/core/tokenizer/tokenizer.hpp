// A Hugging Face tokenizer, run as tokenizer.json describes it:
//   1. added tokens (<|endoftext|>, [CLS], <s>, ...) are cut out of the text first, leftmost
//      and longest first, honouring single_word, lstrip and rstrip; those marked `normalized`
//      are looked for in the normalized text instead;
//   2. the rest is normalized (normalizer.hpp) and cut into pieces (pre_tokenizer.hpp);
//   3. each piece becomes tokens by the model: BPE or WordPiece (token_models.hpp);
//   4. with special tokens asked for, the post-processor's BOS/CLS/SEP go around them.
// Invalid UTF-8 reads as U+FFFD, one per maximal invalid sequence (as TextDecoder does), and
// every token keeps the byte range of the input it came from.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "core/tokenizer/normalizer.hpp"
#include "core/tokenizer/pre_tokenizer.hpp"
#include "core/tokenizer/token_models.hpp"
#include "core/tokenizer/tokenizer_spec.hpp"

namespace embx {

struct Token {
    uint32_t id = 0;
    std::string text;        // the vocabulary's string ("Ġcod", "##ing", "<|im_start|>")
    bool added = false;      // an added token, or one the post-processor put in
    uint32_t begin = 0, end = 0;  // the input bytes it stands for (empty for BOS/CLS/SEP)
};

class Tokenizer {
public:
    static Expected<Tokenizer> create(TokenizerSpec spec);

    std::vector<Token> encode(std::string_view text, bool add_special = false) const;
    std::vector<uint32_t> encode_ids(std::string_view text, bool add_special = false) const;
    // Back to text through the decoder steps; ids past the vocabulary are an error.
    Expected<std::string> decode(const std::vector<uint32_t>& ids, bool skip_special = true) const;

    size_t vocab_size() const { return vocab_->tokens.size(); }
    const std::string& token(uint32_t id) const { return vocab_->tokens[id]; }
    std::optional<uint32_t> token_id(const std::string& s) const;
    const std::vector<AddedToken>& added_tokens() const { return added_; }
    // "byte-level BPE", "BPE with byte fallback", "character BPE" or "WordPiece".
    const std::string& kind() const { return kind_; }
    // The tokens the post-processor adds before / after a sequence.
    const PostProcessorSpec& special_around() const { return post_; }

private:
    struct AddedMatch {
        uint32_t begin, end;  // characters, strip included
        size_t index;         // into added_
    };
    struct TrieNode {
        std::vector<std::pair<char32_t, uint32_t>> next;  // sorted by code point
        int64_t token = -1;                               // index into added_
    };
    void build_trie(bool normalized);
    std::vector<AddedMatch> find_added(const Chars& t, bool normalized) const;
    void encode_section(const Chars& raw, bool first, std::vector<Token>& out) const;
    void encode_normalized(const Chars& text, bool first, std::vector<Token>& out) const;
    void push(uint32_t id, uint32_t begin, uint32_t end, bool added, std::vector<Token>& out) const;

    std::shared_ptr<Vocab> vocab_;
    std::vector<AddedToken> added_;
    std::vector<bool> is_added_, is_special_;  // by id
    std::vector<TrieNode> trie_[2];            // [0]: matched raw, [1]: matched normalized
    Normalizer normalizer_;
    PreTokenizer pre_;
    std::optional<BpeModel> bpe_;
    std::optional<WordPieceModel> wordpiece_;
    PostProcessorSpec post_;
    std::vector<DecoderStep> decoder_;
    std::string kind_;
};

// The decoder steps over token strings (decoder.cpp).
std::string run_decoder(const std::vector<DecoderStep>& steps, std::vector<std::string> tokens);

}  // namespace embx
