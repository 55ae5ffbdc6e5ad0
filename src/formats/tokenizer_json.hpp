// A whole Hugging Face tokenizer.json, for tokenizing text: the vocabulary (read by
// TokenizerVocabReader, unchanged), the BPE merges (both the "a b" string form and the
// ["a", "b"] pair form), the model type, the normalizer and pre-tokenizer, and the added
// tokens. Only what BpeTokenizer implements is accepted: a byte-level BPE model with an NFC
// (or no) normalizer and Qwen2's Split + ByteLevel pre-tokenizer; anything else (WordPiece,
// Unigram, other pre-tokenizers or patterns) is refused with a message naming what was found.
// Chunk-fed like every reader here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "core/tokenizer/bpe_tokenizer.hpp"
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
    Expected<BpeTokenizer> finish();
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
Expected<BpeTokenizer> read_bpe_tokenizer(const std::string& source_name, const uint8_t* data, size_t n,
                                          std::vector<std::string>* notes = nullptr);

}  // namespace embx
