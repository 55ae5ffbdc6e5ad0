// The token strings of a Hugging Face tokenizer.json, indexed by token id: the names of the
// rows of an LLM's embedding matrix (safetensors and GGUF files hold only numbers).
//
// Reads `model.vocab` ({"token": id} for BPE/WordPiece/WordLevel, [["token", score], ...] for
// Unigram, where the id is the position) and `added_tokens` ([{"id": N, "content": "..."}]).
// Token strings are kept exactly as written (byte-level BPE "Ġcod" stays "Ġcod"). Ids must be
// integers below 2^31, and one id names one token; ids nobody uses become "<unused N>".
// Chunk-fed like the importers (a tokenizer.json with merges is ~10 MB); only the vocabulary
// is kept.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.hpp"

namespace embx {

class TokenizerVocabReader {
public:
    explicit TokenizerVocabReader(std::string source_name);
    ~TokenizerVocabReader();
    TokenizerVocabReader(const TokenizerVocabReader&) = delete;
    TokenizerVocabReader& operator=(const TokenizerVocabReader&) = delete;

    // After the first error every call returns that error.
    Status feed(const uint8_t* data, size_t n);
    // End of input: the vocabulary, row i = token id i.
    Expected<std::vector<std::string>> finish();
    // Remarks for the user ("12 ids have no token ..."); filled by finish().
    const std::vector<std::string>& notes() const { return notes_; }

private:
    class Handler;
    std::string name_;
    std::unique_ptr<Handler> handler_;
    std::vector<std::string> notes_;
};

// The whole file at once. `notes` (may be null) receives the reader's notes.
Expected<std::vector<std::string>> read_tokenizer_vocab(const std::string& source_name,
                                                        const uint8_t* data, size_t n,
                                                        std::vector<std::string>* notes = nullptr);

}  // namespace embx
