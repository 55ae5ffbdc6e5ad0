// A whole Hugging Face tokenizer.json, for tokenizing text: the vocabulary (read by
// TokenizerVocabReader, unchanged), the BPE merges (both the "a b" string form and the
// ["a", "b"] pair form), and the normalizer, pre-tokenizer, model options, added tokens,
// post-processor and decoder, turned into a TokenizerSpec (core/tokenizer/tokenizer_spec.hpp).
// Anything the spec cannot express (a Unigram model, a Precompiled normalizer, a regex
// construct, an unknown option) is refused with the place in the file and what was found:
// a tokenizer we cannot run exactly is never approximated. Chunk-fed like every reader here;
// the vocabulary and merges stream, the rest (small) is kept as JSON values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "core/tokenizer/tokenizer.hpp"
#include "formats/tokenizer_vocab.hpp"

namespace embx {

class TokenizerJsonReader {
public:
    explicit TokenizerJsonReader(std::string source_name);
    ~TokenizerJsonReader();
    TokenizerJsonReader(const TokenizerJsonReader&) = delete;
    TokenizerJsonReader& operator=(const TokenizerJsonReader&) = delete;

    // After the first error every call returns that error.
    Status feed(const uint8_t* data, size_t n);
    // End of input: the tokenizer, or why it cannot be used.
    Expected<Tokenizer> finish();
    const std::vector<std::string>& notes() const { return notes_; }

private:
    class Handler;
    std::string name_;
    TokenizerVocabReader vocab_;
    std::unique_ptr<Handler> handler_;
    std::vector<std::string> notes_;
    Status error_;
};

// The whole file at once. `notes` (may be null) receives the reader's notes.
Expected<Tokenizer> read_tokenizer(const std::string& source_name, const uint8_t* data, size_t n,
                                   std::vector<std::string>* notes = nullptr);

}  // namespace embx
