// The pre-tokenizer steps of a tokenizer.json (Split, ByteLevel, Metaspace, Whitespace,
// WhitespaceSplit, BertPreTokenizer, Digits, Punctuation) cutting normalized text into the
// pieces the model tokenizes one by one. Steps run in order over every piece so far.
#pragma once

#include <vector>

#include "core/status.hpp"
#include "core/tokenizer/split_regex.hpp"
#include "core/tokenizer/text_chars.hpp"
#include "core/tokenizer/tokenizer_spec.hpp"

namespace embx {

// GPT-2's pattern, which a ByteLevel step with use_regex splits by.
extern const char* const kGpt2SplitPattern;

class PreTokenizer {
public:
    static Expected<PreTokenizer> create(std::vector<PreTokenizerStep> steps);

    // `first_section`: the text is the first part of the input (Metaspace's prepend "first").
    // `section_start`: the text starts its section, so ByteLevel's add_prefix_space and
    // Metaspace's prepend apply (false where TokenStream cut a section in two).
    std::vector<Chars> apply(Chars text, bool first_section, bool section_start = true) const;
    // A ByteLevel step is present: the model reads bytes in the byte-level alphabet.
    bool byte_level() const { return byte_level_; }
    // A window of text cut at a piece start gives the whole text's pieces (TokenStream): a step
    // that adds a prefix to every piece (ByteLevel's add_prefix_space, Metaspace's prepend)
    // comes first, where the only piece is the section, whose start apply() is told about.
    bool cut_safe() const;

private:
    std::vector<PreTokenizerStep> steps_;
    std::vector<SplitRegex> regexes_;  // steps_[i]'s pattern, compiled (or an unused one)
    bool byte_level_ = false;
};

}  // namespace embx
