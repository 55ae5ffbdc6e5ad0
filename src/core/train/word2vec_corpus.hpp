// Where a Word2Vec trainer's sentences come from. The trainer splits the corpus into parts
// (one per thread, like the tool) and asks for one SentenceSource per part; each source hands
// out sentences as vocabulary rows and can start its part again for the next epoch.
//  - TextSentenceSource reads plain text through a ByteReader the caller implements (a file
//    read with pread natively, a buffer in the page), so core never opens a file and a corpus
//    larger than memory streams; its words are split exactly as VocabCounter splits them.
//  - RowSentenceSource walks sentences already turned into rows (token ids from a tokenizer,
//    generated corpora in tests).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "core/status.hpp"
#include "core/train/word2vec_vocab.hpp"

namespace embx::train {

// The tool's MAX_SENTENCE_LENGTH: longer sentences are trained in pieces of this many words.
constexpr size_t kMaxSentenceWords = 1000;

class SentenceSource {
public:
    virtual ~SentenceSource() = default;
    // The next sentence of the part as rows (no "</s>", no unknown words; at most
    // kMaxSentenceWords, a longer sentence continues in the next call); adds to `words_read`
    // the corpus words it consumed ("</s>" and unknown words included). False at the part's end.
    virtual Expected<bool> next(std::vector<int32_t>& rows, uint64_t& words_read) = 0;
    // Back to the start of the part (the next epoch).
    virtual Status rewind() = 0;
};

// Makes the source of part `part` out of `parts`, reading words into the rows of `vocab` (the
// trainer's own copy, which outlives its sources).
using SourceFactory =
    std::function<Expected<std::unique_ptr<SentenceSource>>(size_t part, size_t parts, const Word2VecVocab& vocab)>;

// Reads up to `n` bytes at `offset` into `out`; returns how many (0 only past the end).
using ByteReader = std::function<Expected<size_t>(uint64_t offset, uint8_t* out, size_t n)>;

// The parts of a text of `total_bytes` bytes: part p starts at the first offset >= p *
// total / parts that begins a word or a line (offset 0, or right after a whitespace byte; with
// `at_lines` right after a newline only), so the parts tile the text and no word (line) is
// cut. Returns parts + 1 offsets.
Expected<std::vector<uint64_t>> text_part_offsets(const ByteReader& read, uint64_t total_bytes, size_t parts,
                                                  bool at_lines = false);

// Pops the next sentence out of a token stream (rows, -1 unknown, 0 "</s>") from `pos`, as
// SentenceSource::next hands it out. Returns whether a sentence is complete; `pos` moves past
// what was consumed, `words_read` counts it.
bool take_sentence(const int32_t* tokens, size_t n, size_t& pos, std::vector<int32_t>& rows, uint64_t& words_read);

class TextSentenceSource : public SentenceSource {
public:
    // Bytes [begin, end) of the text; `vocab` must outlive the source.
    TextSentenceSource(ByteReader read, uint64_t begin, uint64_t end, const Word2VecVocab& vocab, bool lowercase,
                       size_t chunk_bytes = size_t(1) << 18);
    Expected<bool> next(std::vector<int32_t>& rows, uint64_t& words_read) override;
    Status rewind() override;

private:
    ByteReader read_;
    uint64_t begin_, end_, cursor_;
    const Word2VecVocab& vocab_;
    WordSplitter split_;
    size_t chunk_bytes_;
    std::vector<uint8_t> chunk_;
    std::vector<int32_t> tokens_;  // rows, -1 unknown, 0 "</s>"
    size_t token_pos_ = 0;
    bool finished_ = false;
};

// Sources over text held by a ByteReader: one TextSentenceSource per part.
SourceFactory text_source_factory(ByteReader read, uint64_t total_bytes, bool lowercase);

class RowSentenceSource : public SentenceSource {
public:
    // `tokens`: rows, with 0 ("</s>") ending a sentence and -1 an unknown word; the part is
    // tokens [begin, end). The vector must outlive the source.
    RowSentenceSource(const std::vector<int32_t>& tokens, size_t begin, size_t end)
        : tokens_(tokens), begin_(begin), end_(end), pos_(begin) {}
    Expected<bool> next(std::vector<int32_t>& rows, uint64_t& words_read) override;
    Status rewind() override {
        pos_ = begin_;
        return Status::success();
    }

private:
    const std::vector<int32_t>& tokens_;
    size_t begin_, end_, pos_;
};

// Parts split at token boundaries (the vector must outlive the sources).
SourceFactory row_source_factory(const std::vector<int32_t>& tokens);

}  // namespace embx::train
