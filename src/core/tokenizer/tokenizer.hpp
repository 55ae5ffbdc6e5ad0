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

#include <functional>

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

    // Text may be cut into windows tokenized one by one with the whole text's result
    // (TokenStream): the normalizer and pre-tokenizer only look near each character.
    bool windows_exact() const { return window_safe_; }

private:
    friend class TokenStream;
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
    // Where a text given to encode_into lies in the input. `first`: it starts the input.
    // `cut_before` / `cut_after`: TokenStream cut a section there, so the steps that act at a
    // section's start or end (Prepend, Strip, prefix spaces) leave that side alone.
    struct Span {
        bool first = true, cut_before = false, cut_after = false;
    };
    // `cuts`, when given, collects the byte offsets where a window may end: piece starts
    // inside a section and the model's own word starts (BpeModel::encode).
    void encode_into(std::string_view input, Span span, std::vector<Token>& out, std::vector<uint32_t>* cuts) const;
    void encode_section(const Chars& raw, Span span, std::vector<Token>& out, std::vector<uint32_t>* cuts) const;
    void encode_normalized(const Chars& text, bool first, bool section_start, std::vector<Token>& out,
                           std::vector<uint32_t>* cuts) const;
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
    bool window_safe_ = false;
    bool single_word_start_[128] = {};  // an ASCII character some single_word added token starts with
};

// A text of any length (a 100 MB line) tokenized with bounded memory: bytes go in as they are
// read, and the tokens of each finished window come out (offsets from the start of the whole
// text) with the text they cover. Windows end only where the tokenizer's own pieces begin, so
// the tokens are exactly encode()'s; a tokenizer whose steps look across a cut
// (!windows_exact(), e.g. a regex Replace) or text without a place to cut is held until it
// can be cut or finish() is called.
class TokenStream {
public:
    using Sink = std::function<void(const std::vector<Token>& tokens, std::string_view text)>;
    TokenStream(const Tokenizer& tok, bool add_special, size_t window_bytes = size_t(1) << 20);
    void feed(std::string_view bytes, const Sink& sink);
    void finish(const Sink& sink);
    uint64_t bytes_done() const { return base_; }  // bytes whose tokens went out

private:
    bool cut_one(const Sink& sink);  // one window out, if the buffer holds enough

    const Tokenizer& tok_;
    bool special_, first_ = true;
    size_t window_, try_window_;
    std::string buf_;
    uint64_t base_ = 0;
    std::vector<Token> tokens_;
    std::vector<uint32_t> cuts_;
};

// The decoder steps over token strings (decoder.cpp).
std::string run_decoder(const std::vector<DecoderStep>& steps, std::vector<std::string> tokens);

}  // namespace embx
