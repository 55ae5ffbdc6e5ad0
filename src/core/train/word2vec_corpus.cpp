#include "core/train/word2vec_corpus.hpp"

#include <algorithm>

namespace embx::train {

bool take_sentence(const int32_t* tokens, size_t n, size_t& pos, std::vector<int32_t>& rows, uint64_t& words_read) {
    while (pos < n) {
        const int32_t t = tokens[pos++];
        ++words_read;
        if (t == 0) {
            if (!rows.empty()) return true;
            continue;
        }
        if (t < 0) continue;
        rows.push_back(t);
        if (rows.size() >= kMaxSentenceWords) return true;
    }
    return false;
}

Expected<std::vector<uint64_t>> text_part_offsets(const ByteReader& read, uint64_t total_bytes, size_t parts,
                                                  bool at_lines) {
    auto boundary = [at_lines](uint8_t c) { return at_lines ? c == '\n' : is_corpus_space(c); };
    std::vector<uint64_t> offsets(parts + 1, total_bytes);
    offsets[0] = 0;
    uint8_t buf[4096];
    for (size_t p = 1; p < parts; ++p) {
        uint64_t at = std::max(offsets[p - 1], uint64_t(double(total_bytes) * double(p) / double(parts)));
        // Move forward until the byte before `at` is whitespace or a newline (or the end).
        while (at > 0 && at < total_bytes) {
            auto got = read(at - 1, buf, sizeof buf);
            if (!got) return Error{got.error()};
            if (*got == 0) {
                at = total_bytes;
                break;
            }
            size_t i = 0;
            while (i < *got && !boundary(buf[i])) ++i;
            at += i;  // buf[i] (at offset at - 1) is whitespace, or the chunk ran out
            if (i < *got) break;
        }
        offsets[p] = std::min(at, total_bytes);
    }
    return offsets;
}

TextSentenceSource::TextSentenceSource(ByteReader read, uint64_t begin, uint64_t end, const Word2VecVocab& vocab,
                                       bool lowercase, size_t chunk_bytes)
    : read_(std::move(read)),
      begin_(begin),
      end_(end),
      cursor_(begin),
      vocab_(vocab),
      split_(lowercase),
      chunk_bytes_(chunk_bytes) {}

Status TextSentenceSource::rewind() {
    cursor_ = begin_;
    tokens_.clear();
    token_pos_ = 0;
    finished_ = false;
    split_.reset();
    return Status::success();
}

Expected<bool> TextSentenceSource::next(std::vector<int32_t>& rows, uint64_t& words_read) {
    rows.clear();
    auto on_word = [this](std::string_view w) { tokens_.push_back(w == kSentenceEnd ? 0 : vocab_.find(w)); };
    for (;;) {
        if (take_sentence(tokens_.data(), tokens_.size(), token_pos_, rows, words_read)) return true;
        tokens_.clear();
        token_pos_ = 0;
        if (finished_) return !rows.empty();
        if (cursor_ >= end_) {
            split_.finish(on_word);
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
        split_.feed(chunk_.data(), *got, on_word);
    }
}

SourceFactory text_source_factory(ByteReader read, uint64_t total_bytes, bool lowercase) {
    auto offsets = std::make_shared<std::vector<uint64_t>>();
    return [read, total_bytes, lowercase, offsets](
               size_t part, size_t parts, const Word2VecVocab& vocab) -> Expected<std::unique_ptr<SentenceSource>> {
        if (offsets->size() != parts + 1) {
            auto o = text_part_offsets(read, total_bytes, parts);
            if (!o) return Error{o.error()};
            *offsets = std::move(*o);
        }
        return std::unique_ptr<SentenceSource>(
            new TextSentenceSource(read, (*offsets)[part], (*offsets)[part + 1], vocab, lowercase));
    };
}

Expected<bool> RowSentenceSource::next(std::vector<int32_t>& rows, uint64_t& words_read) {
    rows.clear();
    if (take_sentence(tokens_.data() + 0, end_, pos_, rows, words_read)) return true;
    return !rows.empty();
}

SourceFactory row_source_factory(const std::vector<int32_t>& tokens) {
    return [&tokens](size_t part, size_t parts, const Word2VecVocab&) -> Expected<std::unique_ptr<SentenceSource>> {
        const size_t n = tokens.size();
        const size_t b = n * part / parts, e = n * (part + 1) / parts;
        return std::unique_ptr<SentenceSource>(new RowSentenceSource(tokens, b, e));
    };
}

}  // namespace embx::train
