// What a tokenizer.json describes, as plain data: the normalizer, pre-tokenizer, model,
// added tokens, post-processor and decoder steps that Tokenizer (tokenizer.hpp) runs.
// formats/tokenizer_json.cpp fills one from a file and refuses, naming it, any component or
// option that is not listed here.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace embx {

struct AddedToken {
    std::string content;
    uint32_t id = 0;
    bool special = false;      // <|endoftext|>, [CLS]: skipped by decode(skip_special)
    bool single_word = false;  // only where no letter or digit touches it
    bool lstrip = false;       // swallows the white space before it
    bool rstrip = false;       // swallows the white space after it
    bool normalized = false;   // matched in the normalized text, not the raw one
};

struct NormalizerStep {
    enum class Kind { NFC, NFD, NFKC, NFKD, Lowercase, StripAccents, Strip, Replace, Prepend, Bert } kind = Kind::NFC;
    std::string pattern;   // Replace: the text (or regex, if `regex`) to replace
    bool regex = false;
    std::string content;   // Replace: the replacement; Prepend: what goes first
    bool left = false, right = false;  // Strip
    // Bert: clean_text, handle_chinese_chars, lowercase, strip_accents (-1: as lowercase).
    bool clean_text = true, chinese = true, lowercase = true;
    int strip_accents = -1;
};

enum class SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

struct PreTokenizerStep {
    enum class Kind { Split, ByteLevel, Metaspace, Whitespace, WhitespaceSplit, Bert, Digits, Punctuation } kind =
        Kind::Split;
    std::string pattern;  // Split: a regex (if `regex`) or a literal string
    bool regex = true;
    SplitBehavior behavior = SplitBehavior::Isolated;
    bool invert = false;
    bool add_prefix_space = false, use_regex = true;   // ByteLevel (use_regex: GPT-2's pattern)
    std::string replacement = "\xE2\x96\x81";           // Metaspace: U+2581
    enum class Prepend { Always, First, Never } prepend = Prepend::Always;
    bool split = true;                                  // Metaspace
    bool individual_digits = false;                     // Digits
};

struct ModelSpec {
    enum class Kind { BPE, WordPiece } kind = Kind::BPE;
    std::vector<std::string> vocab;                           // token string of each id
    std::vector<std::pair<std::string, std::string>> merges;  // BPE, in rank order
    std::string unk_token;                                    // empty: none
    bool byte_fallback = false, fuse_unk = false, ignore_merges = false;
    std::string continuing_subword_prefix, end_of_word_suffix;  // BPE; WordPiece's prefix ("##")
    uint32_t max_input_chars_per_word = 100;                    // WordPiece
};

// Tokens the post-processor puts around one sequence when special tokens are asked for.
struct PostProcessorSpec {
    std::vector<uint32_t> before, after;
};

struct DecoderStep {
    enum class Kind { ByteLevel, Metaspace, Replace, ByteFallback, Fuse, Strip, WordPiece } kind = Kind::ByteLevel;
    std::string pattern, content;  // Replace; Strip: content = the character stripped
    std::string replacement = "\xE2\x96\x81";
    bool add_prefix_space = true;  // Metaspace: the first space is dropped
    size_t start = 0, stop = 0;    // Strip: how many from each end
    std::string prefix = "##";     // WordPiece
    bool cleanup = true;           // WordPiece: " ." -> "." and the like
};

struct TokenizerSpec {
    std::vector<NormalizerStep> normalizer;
    std::vector<PreTokenizerStep> pre_tokenizer;
    ModelSpec model;
    std::vector<AddedToken> added;
    PostProcessorSpec post;
    std::vector<DecoderStep> decoder;
};

}  // namespace embx
