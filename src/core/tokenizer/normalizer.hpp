// The normalizer steps of a tokenizer.json (NFC/NFD/NFKC/NFKD, Lowercase, StripAccents, Strip,
// Replace, Prepend, BertNormalizer), applied in order to aligned text. Where the reference
// tokenizer (transformers.js) and Hugging Face's Rust library differ, this follows the
// reference: Lowercase is JavaScript's toLowerCase (full mapping, final sigma), StripAccents
// drops every mark (\p{M}); BertNormalizer pads only BMP CJK ideographs with spaces.
#pragma once

#include <vector>

#include "core/status.hpp"
#include "core/tokenizer/split_regex.hpp"
#include "core/tokenizer/text_chars.hpp"
#include "core/tokenizer/tokenizer_spec.hpp"

namespace embx {

class Normalizer {
public:
    static Expected<Normalizer> create(std::vector<NormalizerStep> steps);
    bool empty() const { return steps_.empty(); }
    // Every step maps characters on their own (Unicode forms, case, accents, BERT's cleaning,
    // a one-character Replace) or acts only at the section's ends (Strip, Prepend): text cut
    // before an ASCII character normalizes as the whole did when apply() is told which end is
    // a cut. A longer or regex Replace looks past a cut (TokenStream).
    bool cut_safe() const;
    // `at_start` / `at_end`: the text starts / ends its section (false where TokenStream cut
    // it): Prepend and Strip act only there.
    Chars apply(Chars text, bool at_start = true, bool at_end = true) const;

private:
    std::vector<NormalizerStep> steps_;
    std::vector<SplitRegex> regexes_;  // one per Replace step with a regex, in step order
};

// Single steps, exposed for tests.
enum class UnicodeForm { NFC, NFD, NFKC, NFKD };
Chars unicode_normalize(const Chars& text, UnicodeForm form);
Chars js_lowercase(const Chars& text);

}  // namespace embx
