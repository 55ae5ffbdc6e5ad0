#include "core/train/word2vec_vocab.hpp"

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "core/tokenizer/unicode_text.hpp"

namespace embx::train {

bool is_corpus_space(uint8_t c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

namespace {

std::string hex_byte(uint8_t b) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", unsigned(b));
    return buf;
}

}  // namespace

Status Utf8Checker::feed(const uint8_t* data, size_t n) {
    for (size_t i = 0; i < n; ++i, ++offset_) {
        const uint8_t b = data[i];
        if (need_ > 0) {
            if (b < lo_ || b > hi_)
                return Error{"byte " + std::to_string(start_) + ": not UTF-8 text (byte " + hex_byte(lead_) +
                             " is not followed by a valid UTF-8 continuation: Latin-1 or another encoding?)"};
            --need_;
            lo_ = 0x80, hi_ = 0xBF;
            continue;
        }
        if (b < 0x80) {
            if (b == 0)
                return Error{"byte " + std::to_string(offset_) +
                             ": a NUL byte: this looks like a binary file, not text"};
            continue;
        }
        start_ = offset_, lead_ = b;
        if (b >= 0xC2 && b <= 0xDF) need_ = 1;
        else if (b >= 0xE0 && b <= 0xEF) {
            need_ = 2;
            if (b == 0xE0) lo_ = 0xA0;  // no overlong forms
            if (b == 0xED) hi_ = 0x9F;  // no surrogates
        } else if (b >= 0xF0 && b <= 0xF4) {
            need_ = 3;
            if (b == 0xF0) lo_ = 0x90;
            if (b == 0xF4) hi_ = 0x8F;  // nothing past U+10FFFF
        } else {
            return Error{"byte " + std::to_string(offset_) + ": not UTF-8 text (byte " + hex_byte(b) + ")"};
        }
    }
    return Status::success();
}

Status Utf8Checker::finish() const {
    if (need_ > 0) return Error{"byte " + std::to_string(offset_) + ": not UTF-8 text (the last character is cut off)"};
    return Status::success();
}

void lowercase_utf8(std::string_view in, std::string& out) {
    out.clear();
    bool ascii = true;
    for (char c : in) ascii &= (static_cast<unsigned char>(c) < 0x80);
    if (ascii) {
        out.assign(in);
        for (char& c : out)
            if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
        return;
    }
    for (size_t i = 0, len = 0; i < in.size(); i += len) {
        const char32_t cp = decode_utf8_at(in, i, len);
        append_utf8(out, to_lower(cp));
    }
}

std::string_view cut_word(std::string_view word) {
    if (word.size() <= kMaxWordBytes) return word;
    size_t end = kMaxWordBytes;
    while (end > 0 && (static_cast<unsigned char>(word[end]) & 0xC0) == 0x80) --end;  // a character's start
    return word.substr(0, end);
}

int32_t Word2VecVocab::find(std::string_view word) const {
    const auto it = index_.find(word);
    return it == index_.end() ? -1 : it->second;
}

void Word2VecVocab::rebuild_index() {
    index_.clear();
    index_.reserve(words.size());
    for (size_t i = 0; i < words.size(); ++i) index_.emplace(words[i], int32_t(i));
}

VocabCounter::VocabCounter(bool lowercase) : split_(lowercase) { add(kSentenceEnd), --seen_, order_[0].second = 0; }

void VocabCounter::add(std::string_view word) {
    ++seen_;
    auto [it, inserted] = counts_.try_emplace(std::string(word), order_.size());
    if (inserted) order_.emplace_back(&it->first, 0);
    ++order_[it->second].second;
}

Status VocabCounter::feed(const uint8_t* data, size_t n) {
    if (Status s = utf8_.feed(data, n); !s) return s;
    split_.feed(data, n, [this](std::string_view w) { add(w); });
    return Status::success();
}

Expected<Word2VecVocab> VocabCounter::finish(uint64_t min_count) {
    if (Status s = utf8_.finish(); !s) return Error{s.error()};
    split_.finish([this](std::string_view w) { add(w); });
    if (seen_ == order_[0].second) return Error{"the corpus has no words"};
    std::vector<size_t> keep;
    for (size_t i = 1; i < order_.size(); ++i)
        if (order_[i].second >= min_count) keep.push_back(i);
    if (keep.empty())
        return Error{"no word occurs at least min-count = " + std::to_string(min_count) + " times (the corpus has " +
                     std::to_string(seen_) + " words, " + std::to_string(order_.size() - 1) +
                     " different ones): lower --min-count or give more text"};
    std::stable_sort(keep.begin(), keep.end(),
                     [this](size_t a, size_t b) { return order_[a].second > order_[b].second; });
    Word2VecVocab v;
    v.words.reserve(keep.size() + 1);
    v.words.emplace_back(kSentenceEnd);
    v.counts.push_back(order_[0].second);
    for (size_t i : keep) {
        v.words.push_back(*order_[i].first);
        v.counts.push_back(order_[i].second);
    }
    v.train_words = std::accumulate(v.counts.begin(), v.counts.end(), uint64_t(0));
    v.corpus_words = seen_;
    v.rebuild_index();
    if (Status s = build_huffman(v); !s) return Error{s.error()};
    return v;
}

Status build_huffman(Word2VecVocab& vocab) {
    const size_t n = vocab.size();
    vocab.codes.assign(n, {});
    vocab.points.assign(n, {});
    if (n < 2) return Status::success();  // one word: nothing to predict with a tree
    // Leaves 0..n-1 in row order; inner nodes n..2n-2 in creation order. Two queues: leaves
    // from the least frequent end, inner nodes as made (their counts never decrease). Row 0
    // ("</s>") may be out of order, so leaves are taken by count order, not by row.
    std::vector<size_t> leaf_order(n);
    std::iota(leaf_order.begin(), leaf_order.end(), size_t(0));
    std::stable_sort(leaf_order.begin(), leaf_order.end(),
                     [&vocab](size_t a, size_t b) { return vocab.counts[a] > vocab.counts[b]; });
    std::vector<uint64_t> count(2 * n - 1);
    std::vector<size_t> parent(2 * n - 1, 0);
    std::vector<uint8_t> bit(2 * n - 1, 0);
    for (size_t i = 0; i < n; ++i) count[i] = vocab.counts[i];
    ptrdiff_t leaf = ptrdiff_t(n) - 1;  // index into leaf_order, least frequent last
    size_t inner = n;  // next inner node to take
    auto take = [&](size_t made) -> size_t {
        if (leaf >= 0 && (inner >= made || count[leaf_order[size_t(leaf)]] < count[inner]))
            return leaf_order[size_t(leaf--)];
        return inner++;
    };
    for (size_t a = 0; a + 1 < n; ++a) {
        const size_t made = n + a;  // inner nodes < made exist
        const size_t m1 = take(made), m2 = take(made);
        count[made] = count[m1] + count[m2];
        parent[m1] = parent[m2] = made;
        bit[m2] = 1;
    }
    const size_t root = 2 * n - 2;
    for (size_t w = 0; w < n; ++w) {
        std::vector<uint8_t> code;
        std::vector<uint32_t> point;
        for (size_t b = w; b != root; b = parent[b]) {
            code.push_back(bit[b]);
            point.push_back(uint32_t(parent[b] - n));
        }
        if (code.size() > kMaxCodeLength)
            return Error{"the Huffman tree is " + std::to_string(code.size()) + " levels deep (at most " +
                         std::to_string(kMaxCodeLength) + ")"};
        std::reverse(code.begin(), code.end());
        std::reverse(point.begin(), point.end());
        vocab.codes[w] = std::move(code);
        vocab.points[w] = std::move(point);
    }
    return Status::success();
}

}  // namespace embx::train
