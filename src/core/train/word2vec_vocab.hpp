// The vocabulary of a Word2Vec corpus, built in one pass over plain text as the original
// word2vec tool builds it:
//  - words are split on whitespace (space, tab, CR, LF, VT, FF); a newline also counts as the
//    word "</s>", the end of a sentence; words longer than kMaxWordBytes bytes are cut to
//    that length at a UTF-8 character boundary (the tool cuts at 99 bytes);
//  - optionally lower-cased (Unicode simple case mapping);
//  - words seen fewer than min-count times are dropped; "</s>" is always row 0; the rest are
//    sorted by count, most frequent first (ties: first seen first, so the order is stable);
//  - train_words is the sum of the kept words' counts (the number of words one epoch
//    trains on, before subsampling).
// The text arrives in chunks of any size (a word may straddle two chunks), so a corpus larger
// than memory is counted as it streams. It must be UTF-8 without NUL bytes: anything else is an
// error naming the byte offset.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.hpp"

namespace embx::train {

constexpr size_t kMaxWordBytes = 100;
constexpr std::string_view kSentenceEnd = "</s>";
// Huffman codes are at most this long (the tool's MAX_CODE_LENGTH): enough for any vocabulary
// a 64-bit count can describe with a balanced-enough tree; longer is refused.
constexpr size_t kMaxCodeLength = 40;

bool is_corpus_space(uint8_t c);

// Checks that text is UTF-8 without NUL bytes, chunk after chunk (a character may straddle
// two chunks); errors give the absolute byte offset.
class Utf8Checker {
public:
    Status feed(const uint8_t* data, size_t n);
    Status finish() const;  // a character cut off at the end of the text
    uint64_t offset() const { return offset_; }

private:
    uint64_t offset_ = 0, start_ = 0;  // start_: where the character being read began
    uint8_t lead_ = 0;
    int need_ = 0;  // continuation bytes still expected
    uint8_t lo_ = 0x80, hi_ = 0xBF;  // the allowed range of the next continuation byte
};

// Splits text into words chunk by chunk, calling on_word(word) for every word and
// on_word(kSentenceEnd) for every newline. Keeps the partial word at a chunk's end.
class WordSplitter {
public:
    explicit WordSplitter(bool lowercase) : lowercase_(lowercase) {}
    template <typename F>
    void feed(const uint8_t* data, size_t n, F&& on_word);
    template <typename F>
    void finish(F&& on_word);
    void reset() { partial_.clear(); }

private:
    template <typename F>
    void emit(F& on_word);
    bool lowercase_;
    std::string partial_, lowered_;
};

// Unicode lower case of UTF-8 text (ASCII fast path).
void lowercase_utf8(std::string_view in, std::string& out);
// `word` cut to at most kMaxWordBytes bytes at a character boundary.
std::string_view cut_word(std::string_view word);

struct Word2VecVocab {
    std::vector<std::string> words;  // row order: "</s>" first, then by count
    std::vector<uint64_t> counts;
    uint64_t train_words = 0;  // sum of counts
    uint64_t corpus_words = 0;  // every word of the corpus, "</s>" and dropped ones included
    // Hierarchical softmax: per word its Huffman code (0/1 per level, root first) and the inner
    // nodes on its path (0 .. size-2, root first).
    std::vector<std::vector<uint8_t>> codes;
    std::vector<std::vector<uint32_t>> points;

    size_t size() const { return words.size(); }
    // The row of `word`, or -1.
    int32_t find(std::string_view word) const;
    void rebuild_index();

private:
    std::unordered_map<std::string_view, int32_t> index_;
};

// Counts words as text streams in (one pass), then makes the vocabulary.
class VocabCounter {
public:
    explicit VocabCounter(bool lowercase);
    // Errors: not UTF-8 / NUL byte, with the byte offset.
    Status feed(const uint8_t* data, size_t n);
    // Words seen so far (every occurrence, "</s>" included).
    uint64_t words_seen() const { return seen_; }
    uint64_t bytes_seen() const { return utf8_.offset(); }
    // Keeps words seen at least min_count times. Errors: no text, or no word reaches min_count.
    Expected<Word2VecVocab> finish(uint64_t min_count);

private:
    void add(std::string_view word);
    Utf8Checker utf8_;
    WordSplitter split_;
    std::unordered_map<std::string, uint64_t> counts_;  // word -> index into order_
    std::vector<std::pair<const std::string*, uint64_t>> order_;  // first-seen order, counts
    uint64_t seen_ = 0;
};

// Fills codes and points from counts (the tool's two-queue Huffman construction; counts in
// row order must be non-increasing after row 0 for the queue trick, which sorting ensures).
Status build_huffman(Word2VecVocab& vocab);

// --- template definitions ----------------------------------------------------------------

template <typename F>
void WordSplitter::emit(F& on_word) {
    if (partial_.empty()) return;
    std::string_view w = cut_word(partial_);
    if (lowercase_) {
        lowercase_utf8(w, lowered_);
        w = cut_word(lowered_);
    }
    on_word(w);
    partial_.clear();
}

template <typename F>
void WordSplitter::feed(const uint8_t* data, size_t n, F&& on_word) {
    size_t i = 0;
    while (i < n) {
        if (is_corpus_space(data[i])) {
            emit(on_word);
            if (data[i] == '\n') on_word(kSentenceEnd);
            ++i;
            continue;
        }
        size_t j = i;
        while (j < n && !is_corpus_space(data[j])) ++j;
        if (partial_.size() < 4 * kMaxWordBytes)  // longer words are cut anyway
            partial_.append(reinterpret_cast<const char*>(data + i), std::min(j - i, 4 * kMaxWordBytes));
        i = j;
    }
}

template <typename F>
void WordSplitter::finish(F&& on_word) {
    emit(on_word);
}

}  // namespace embx::train
