// Word2Vec over a tokenizer's token ids instead of whitespace words (token tables: the rows an
// LLM-style table looks up by token id).
//  - Each line of the corpus is one sentence: its bytes (a trailing CR dropped) are encoded by
//    the byte-level BPE tokenizer and the ids become the sentence; the newline counts as the
//    corpus word "</s>" as in the text trainer. A line longer than kMaxTokenLineBytes is
//    encoded in pieces cut at its last whitespace byte before the limit (else at a character
//    boundary), so memory stays bounded; the cut only depends on the line, so every pass cuts
//    it the same way.
//  - The vocabulary is the tokens seen at least min-count times, named by their token strings,
//    with "</s>" as row 0 and the rest by count, exactly like the text vocabulary (the trainer,
//    its negative table and Huffman tree see no difference).
//  - Training streams the corpus again each epoch and encodes it again: nothing but one chunk
//    and one line's ids per part is held. Parts start at line starts.
// The result's rows go back to token-id order (Word2VecTrainer::to_table with row_of_token).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "core/tokenizer/tokenizer.hpp"
#include "core/train/word2vec_corpus.hpp"
#include "core/train/word2vec_vocab.hpp"

namespace embx::train {

constexpr size_t kMaxTokenLineBytes = size_t(1) << 20;

// Splits text into lines chunk by chunk: on_line(line, ended) for every line, `ended` when a
// newline closed it (a long line's pieces and an unterminated last line have ended = false).
class LineSplitter {
public:
    explicit LineSplitter(size_t max_line_bytes = kMaxTokenLineBytes) : max_(max_line_bytes) {}
    template <typename F>
    void feed(const uint8_t* data, size_t n, F&& on_line);
    template <typename F>
    void finish(F&& on_line);
    void reset() { partial_.clear(); }

private:
    template <typename F>
    void cut_long(F& on_line);
    size_t max_;
    std::string partial_;
};

// A vocabulary of token ids: `vocab` as the trainer takes it (row 0 "</s>"), and the maps
// between token ids and rows.
struct TokenVocab {
    Word2VecVocab vocab;
    std::vector<int32_t> row_of_token;  // token id -> row, -1 when not in the vocabulary
    uint64_t lines = 0;  // newlines seen ("</s>" count)
    uint64_t tokens = 0;  // every token of the corpus, kept or not
    size_t distinct = 0;  // different token ids seen
};

// Counts token ids as text streams in (one pass), then makes the vocabulary.
class TokenVocabCounter {
public:
    // `tok` must outlive the counter.
    explicit TokenVocabCounter(const Tokenizer& tok);
    // Errors: not UTF-8 / NUL byte, with the byte offset.
    Status feed(const uint8_t* data, size_t n);
    uint64_t bytes_seen() const { return utf8_.offset(); }
    // Keeps tokens seen at least min_count times. Errors: no token at all, or none reaches
    // min_count.
    Expected<TokenVocab> finish(uint64_t min_count);

private:
    void count_line(std::string_view line, bool ended);
    const Tokenizer& tok_;
    Utf8Checker utf8_;
    LineSplitter lines_;
    std::vector<uint64_t> counts_;  // by token id
    std::vector<uint32_t> first_seen_;  // token ids in first-seen order (ties keep it)
    std::vector<uint32_t> ids_;
    uint64_t newlines_ = 0, tokens_ = 0;
};

// Token ids of one part of the text as sentences of rows (-1 tokens left out, as the text
// source leaves out unknown words).
class TokenSentenceSource : public SentenceSource {
public:
    // Bytes [begin, end), which must start at a line start; row_of_token maps token ids to
    // vocabulary rows (TokenVocab::row_of_token).
    TokenSentenceSource(ByteReader read, uint64_t begin, uint64_t end, std::shared_ptr<const Tokenizer> tok,
                        std::shared_ptr<const std::vector<int32_t>> row_of_token, size_t chunk_bytes = size_t(1) << 18);
    Expected<bool> next(std::vector<int32_t>& rows, uint64_t& words_read) override;
    Status rewind() override;

private:
    ByteReader read_;
    uint64_t begin_, end_, cursor_;
    std::shared_ptr<const Tokenizer> tok_;
    std::shared_ptr<const std::vector<int32_t>> row_of_token_;
    LineSplitter lines_;
    size_t chunk_bytes_;
    std::vector<uint8_t> chunk_;
    std::vector<uint32_t> ids_;
    std::vector<int32_t> tokens_;  // rows, -1 unknown, 0 "</s>"
    size_t token_pos_ = 0;
    bool finished_ = false;
};

// Sources over text held by a ByteReader: one TokenSentenceSource per part, parts cut at line
// starts. The sources share the tokenizer and the map (they outlive the factory).
SourceFactory token_source_factory(ByteReader read, uint64_t total_bytes, std::shared_ptr<const Tokenizer> tok,
                                   std::shared_ptr<const std::vector<int32_t>> row_of_token);

// --- template definitions ----------------------------------------------------------------

template <typename F>
void LineSplitter::cut_long(F& on_line) {
    // Only once the byte after the limit is there: whether the character at the limit is
    // whole must not depend on where the chunks end.
    while (partial_.size() > max_) {
        size_t cut = max_;
        while (cut > 0 && !is_corpus_space(uint8_t(partial_[cut - 1]))) --cut;
        if (cut == 0) {  // no whitespace: cut before the character that crosses the limit
            cut = max_;
            while (cut > 0 && (uint8_t(partial_[cut]) & 0xC0) == 0x80) --cut;
            if (cut == 0) cut = max_;
        }
        on_line(std::string_view(partial_).substr(0, cut), false);
        partial_.erase(0, cut);
    }
}

template <typename F>
void LineSplitter::feed(const uint8_t* data, size_t n, F&& on_line) {
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && data[j] != '\n') ++j;
        partial_.append(reinterpret_cast<const char*>(data + i), j - i);
        cut_long(on_line);
        if (j == n) return;
        std::string_view line(partial_);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        on_line(line, true);
        partial_.clear();
        i = j + 1;
    }
}

template <typename F>
void LineSplitter::finish(F&& on_line) {
    std::string_view line(partial_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) on_line(line, false);
    partial_.clear();
}

}  // namespace embx::train
