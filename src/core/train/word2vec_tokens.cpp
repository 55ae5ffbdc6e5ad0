#include "core/train/word2vec_tokens.hpp"

#include <algorithm>
#include <numeric>

namespace embx::train {

TokenVocabCounter::TokenVocabCounter(const Tokenizer& tok) : tok_(tok), counts_(tok.vocab_size(), 0) {}

void TokenVocabCounter::count_line(std::string_view line, bool ended) {
    ids_ = tok_.encode_ids(line);
    for (uint32_t id : ids_) {
        if (counts_[id]++ == 0) first_seen_.push_back(id);
    }
    tokens_ += ids_.size();
    if (ended) ++newlines_;
}

Status TokenVocabCounter::feed(const uint8_t* data, size_t n) {
    // Checked before it is split: the tokenizer only ever sees valid UTF-8.
    if (Status s = utf8_.feed(data, n); !s) return s;
    lines_.feed(data, n, [this](std::string_view line, bool ended) { count_line(line, ended); });
    return Status::success();
}

Expected<TokenVocab> TokenVocabCounter::finish(uint64_t min_count) {
    if (Status s = utf8_.finish(); !s) return Error{s.error()};
    lines_.finish([this](std::string_view line, bool ended) { count_line(line, ended); });
    if (tokens_ == 0) return Error{"the corpus has no tokens (only empty lines)"};
    std::vector<uint32_t> keep;
    for (uint32_t id : first_seen_)
        if (counts_[id] >= min_count) keep.push_back(id);
    if (keep.empty())
        return Error{"no token occurs at least min-count = " + std::to_string(min_count) + " times (the corpus has " +
                     std::to_string(tokens_) + " tokens, " + std::to_string(first_seen_.size()) +
                     " different ones): lower --min-count or give more text"};
    std::stable_sort(keep.begin(), keep.end(), [this](uint32_t a, uint32_t b) { return counts_[a] > counts_[b]; });
    TokenVocab t;
    Word2VecVocab& v = t.vocab;
    v.words.reserve(keep.size() + 1);
    v.words.emplace_back(kSentenceEnd);
    v.counts.push_back(newlines_);
    t.row_of_token.assign(tok_.vocab_size(), -1);
    for (uint32_t id : keep) {
        t.row_of_token[id] = int32_t(v.words.size());
        v.words.push_back(tok_.token(id));
        v.counts.push_back(counts_[id]);
    }
    v.train_words = std::accumulate(v.counts.begin(), v.counts.end(), uint64_t(0));
    v.corpus_words = tokens_ + newlines_;
    v.rebuild_index();
    if (Status s = build_huffman(v); !s) return Error{s.error()};
    t.lines = newlines_;
    t.tokens = tokens_;
    t.distinct = first_seen_.size();
    return t;
}

TokenSentenceSource::TokenSentenceSource(ByteReader read, uint64_t begin, uint64_t end,
                                         std::shared_ptr<const Tokenizer> tok,
                                         std::shared_ptr<const std::vector<int32_t>> row_of_token, size_t chunk_bytes)
    : read_(std::move(read)),
      begin_(begin),
      end_(end),
      cursor_(begin),
      tok_(std::move(tok)),
      row_of_token_(std::move(row_of_token)),
      chunk_bytes_(chunk_bytes) {}

Status TokenSentenceSource::rewind() {
    cursor_ = begin_;
    tokens_.clear();
    token_pos_ = 0;
    finished_ = false;
    lines_.reset();
    return Status::success();
}

Expected<bool> TokenSentenceSource::next(std::vector<int32_t>& rows, uint64_t& words_read) {
    rows.clear();
    auto on_line = [this](std::string_view line, bool ended) {
        ids_ = tok_->encode_ids(line);
        const std::vector<int32_t>& row_of = *row_of_token_;
        for (uint32_t id : ids_) tokens_.push_back(id < row_of.size() ? row_of[id] : -1);
        if (ended) tokens_.push_back(0);
    };
    for (;;) {
        if (take_sentence(tokens_.data(), tokens_.size(), token_pos_, rows, words_read)) return true;
        tokens_.clear();
        token_pos_ = 0;
        if (finished_) return !rows.empty();
        if (cursor_ >= end_) {
            lines_.finish(on_line);
            finished_ = true;
            continue;
        }
        chunk_.resize(size_t(std::min<uint64_t>(chunk_bytes_, end_ - cursor_)));
        auto got = read_(cursor_, chunk_.data(), chunk_.size());
        if (!got) return Error{got.error()};
        if (*got == 0) {  // the text is shorter than announced
            cursor_ = end_;
            continue;
        }
        cursor_ += *got;
        lines_.feed(chunk_.data(), *got, on_line);
    }
}

SourceFactory token_source_factory(ByteReader read, uint64_t total_bytes, std::shared_ptr<const Tokenizer> tok,
                                   std::shared_ptr<const std::vector<int32_t>> row_of_token) {
    auto offsets = std::make_shared<std::vector<uint64_t>>();
    return [read, total_bytes, tok, row_of_token, offsets](
               size_t part, size_t parts, const Word2VecVocab&) -> Expected<std::unique_ptr<SentenceSource>> {
        if (offsets->size() != parts + 1) {
            auto o = text_part_offsets(read, total_bytes, parts, true);
            if (!o) return Error{o.error()};
            *offsets = std::move(*o);
        }
        return std::unique_ptr<SentenceSource>(
            new TokenSentenceSource(read, (*offsets)[part], (*offsets)[part + 1], tok, row_of_token));
    };
}

}  // namespace embx::train
