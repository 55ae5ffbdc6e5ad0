#include <algorithm>
#include <cstdio>
#include <queue>

#include "core/tokenizer/byte_level.hpp"
#include "core/tokenizer/token_models.hpp"
#include "core/tokenizer/unicode_text.hpp"

namespace embx {

namespace {

uint64_t pair_key(uint64_t a, uint64_t b) { return (a << 32) | b; }

std::string byte_token(unsigned b) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "<0x%02X>", b);
    return buf;
}

constexpr size_t kCacheEntries = 1 << 16, kCachePieceBytes = 64;  // ~10 MB at most
constexpr char32_t kWordMark = 0x2581;

}  // namespace

Expected<BpeModel> BpeModel::create(const ModelSpec& spec, std::shared_ptr<const Vocab> vocab, bool byte_level) {
    BpeModel m;
    m.vocab_ = std::move(vocab);
    m.cache_ = std::make_unique<PieceCache>();
    const Vocab& v = *m.vocab_;
    m.byte_level_ = byte_level;
    m.byte_fallback_ = spec.byte_fallback;
    m.fuse_unk_ = spec.fuse_unk;
    m.ignore_merges_ = spec.ignore_merges;
    m.prefix_ = spec.continuing_subword_prefix;
    m.suffix_ = spec.end_of_word_suffix;
    if (!spec.unk_token.empty()) {
        m.unk_ = v.find(spec.unk_token);
        if (m.unk_ < 0) return Error{"the unknown token '" + spec.unk_token + "' is not in the vocabulary"};
    }
    for (unsigned b = 0; b < 256; ++b) {
        if (byte_level) {
            std::string s;
            append_utf8(s, byte_to_unicode(static_cast<unsigned char>(b)));
            m.byte_id_[b] = v.find(s);
        } else {
            m.byte_id_[b] = spec.byte_fallback ? v.find(byte_token(b)) : -1;
        }
    }
    if (!byte_level) {
        for (const std::string& tok : v.tokens) {
            if (tok.find("\xE2\x96\x81") == std::string::npos) continue;
            char32_t prev = 0;
            for (size_t i = 0, len = 0; i < tok.size(); i += len) {
                const char32_t c = decode_utf8_at(tok, i, len);
                if (c == kWordMark && i > 0 && prev != kWordMark) m.joins_mark_.push_back(prev);
                prev = c;
            }
        }
        std::sort(m.joins_mark_.begin(), m.joins_mark_.end());
        m.joins_mark_.erase(std::unique(m.joins_mark_.begin(), m.joins_mark_.end()), m.joins_mark_.end());
    }
    m.merges_.reserve(spec.merges.size());
    for (size_t r = 0; r < spec.merges.size(); ++r) {
        const std::string& a = spec.merges[r].first;
        const std::string& b = spec.merges[r].second;
        const auto where = [&] { return "merge " + std::to_string(r) + " ('" + a + "' + '" + b + "')"; };
        const int64_t ia = v.find(a), ib = v.find(b);
        if (ia < 0) return Error{where() + ": '" + a + "' is not in the vocabulary"};
        if (ib < 0) return Error{where() + ": '" + b + "' is not in the vocabulary"};
        // With a continuing-subword prefix the right part's prefix is not repeated in the result.
        std::string joined = a;
        joined += !m.prefix_.empty() && b.compare(0, m.prefix_.size(), m.prefix_) == 0 ? b.substr(m.prefix_.size()) : b;
        const int64_t ic = v.find(joined);
        if (ic < 0) return Error{where() + ": '" + joined + "' is not in the vocabulary"};
        // A repeated pair keeps its first (best) rank, as Hugging Face's loader does.
        m.merges_.emplace(pair_key(uint64_t(ia), uint64_t(ib)), Merge{uint32_t(r), uint32_t(ic)});
    }
    return m;
}

void BpeModel::initial_symbols(const Chars& piece, std::vector<Symbol>& sym) const {
    if (byte_level_) {
        std::string bytes;
        for (uint32_t i = 0; i < piece.size(); ++i) {
            const size_t before = bytes.size();
            append_utf8(bytes, piece[i].cp);
            for (size_t k = before; k < bytes.size(); ++k) {
                const int64_t id = byte_id_[static_cast<unsigned char>(bytes[k])];
                if (id >= 0) sym.push_back({id, i, i + 1, 0, 0});  // a byte with no token is dropped
            }
        }
    } else {
        for (uint32_t i = 0; i < piece.size(); ++i) {
            std::string s;
            if (i > 0) s = prefix_;
            append_utf8(s, piece[i].cp);
            if (i + 1 == piece.size()) s += suffix_;
            sym.push_back({vocab_->find(s), i, i + 1, 0, 0});
        }
    }
    for (size_t k = 0; k < sym.size(); ++k) {
        sym[k].prev = int32_t(k) - 1;
        sym[k].next = k + 1 < sym.size() ? int32_t(k + 1) : -1;
    }
}

void BpeModel::merge_all(std::vector<Symbol>& sym) const {
    // Lowest rank first, leftmost on ties, one merge at a time (a pair a merge creates may
    // outrank other copies of the pair it came from): a heap of candidate pairs, each checked
    // against the symbols it named when it is popped.
    struct Cand {
        uint32_t rank;
        int32_t left;
        int64_t left_id, right_id;
        uint32_t result;
        bool operator>(const Cand& o) const { return rank != o.rank ? rank > o.rank : left > o.left; }
    };
    std::priority_queue<Cand, std::vector<Cand>, std::greater<Cand>> heap;
    const auto consider = [&](int32_t l) {
        if (l < 0) return;
        const int32_t r = sym[size_t(l)].next;
        if (r < 0 || sym[size_t(l)].id < 0 || sym[size_t(r)].id < 0) return;
        const auto it = merges_.find(pair_key(uint64_t(sym[size_t(l)].id), uint64_t(sym[size_t(r)].id)));
        if (it != merges_.end()) heap.push({it->second.rank, l, sym[size_t(l)].id, sym[size_t(r)].id, it->second.result});
    };
    for (size_t k = 0; k + 1 < sym.size(); ++k) consider(int32_t(k));
    while (!heap.empty()) {
        const Cand c = heap.top();
        heap.pop();
        Symbol& l = sym[size_t(c.left)];
        if (l.id != c.left_id || l.next < 0) continue;  // merged away since
        Symbol& r = sym[size_t(l.next)];
        if (r.id != c.right_id) continue;
        l.id = c.result;
        l.end = r.end;
        l.next = r.next;
        if (r.next >= 0) sym[size_t(r.next)].prev = c.left;
        r.id = -2;  // dead
        consider(l.prev);
        consider(c.left);
    }
}

void BpeModel::emit(const Chars& piece, const Symbol& s, std::vector<ModelToken>& out) const {
    if (s.id >= 0) {
        out.push_back({uint32_t(s.id), s.begin, s.end});
        return;
    }
    if (byte_fallback_) {
        std::string bytes;
        for (uint32_t i = s.begin; i < s.end; ++i) append_utf8(bytes, piece[i].cp);
        bool all = true;
        for (char b : bytes) all &= byte_id_[static_cast<unsigned char>(b)] >= 0;
        if (all) {
            for (char b : bytes) out.push_back({uint32_t(byte_id_[static_cast<unsigned char>(b)]), s.begin, s.end});
            return;
        }
    }
    if (unk_ < 0) return;  // no unknown token: the character is dropped
    if (fuse_unk_ && !out.empty() && out.back().id == uint32_t(unk_) && out.back().end == s.begin) {
        out.back().end = s.end;
        return;
    }
    out.push_back({uint32_t(unk_), s.begin, s.end});
}

void BpeModel::encode(const Chars& piece, std::vector<ModelToken>& out, std::vector<uint32_t>* splits) const {
    if (piece.empty()) return;
    if (byte_level_) return encode_cached(piece, 0, piece.size(), out);
    size_t begin = 0;
    for (size_t i = 1; i < piece.size(); ++i) {
        const char32_t before = piece[i - 1].cp;
        if (piece[i].cp == kWordMark && before != kWordMark &&
            !std::binary_search(joins_mark_.begin(), joins_mark_.end(), before)) {
            encode_cached(piece, begin, i, out);
            begin = i;
            if (splits) splits->push_back(uint32_t(i));
        }
    }
    encode_cached(piece, begin, piece.size(), out);
}

void BpeModel::encode_cached(const Chars& whole, size_t begin, size_t end, std::vector<ModelToken>& out) const {
    const auto shift = [&](size_t from) {
        for (size_t k = from; k < out.size(); ++k) {
            out[k].begin += uint32_t(begin);
            out[k].end += uint32_t(begin);
        }
    };
    Chars part;
    if (begin != 0 || end != whole.size()) part.assign(whole.begin() + std::ptrdiff_t(begin), whole.begin() + std::ptrdiff_t(end));
    const Chars& piece = begin != 0 || end != whole.size() ? part : whole;
    // Words repeat: the tokens of recent pieces are kept. Another thread holding the cache
    // just means this piece is worked out again. (Not a thread_local cache: the web build
    // compiles everything with -pthread and links some modules without it, where TLS breaks.)
    std::string key;
    if (piece.size() <= kCachePieceBytes) {
        key = encode_chars(piece);
        if (key.size() > kCachePieceBytes) key.clear();
    }
    if (!key.empty()) {
        std::unique_lock<std::mutex> lock(cache_->mutex, std::try_to_lock);
        if (lock.owns_lock()) {
            const auto it = cache_->map.find(key);
            if (it != cache_->map.end()) {
                const size_t at = out.size();
                out.insert(out.end(), it->second.begin(), it->second.end());
                shift(at);
                return;
            }
        }
    }
    const size_t before = out.size();
    encode_uncached(piece, out);
    if (!key.empty()) {
        std::unique_lock<std::mutex> lock(cache_->mutex, std::try_to_lock);
        if (lock.owns_lock()) {
            if (cache_->map.size() >= kCacheEntries) cache_->map.clear();
            cache_->map.emplace(std::move(key), std::vector<ModelToken>(out.begin() + std::ptrdiff_t(before), out.end()));
        }
    }
    shift(before);
}

void BpeModel::encode_uncached(const Chars& piece, std::vector<ModelToken>& out) const {
    if (ignore_merges_) {
        const std::string text = byte_level_ ? byte_level_encode(encode_chars(piece)) : encode_chars(piece);
        if (const int64_t id = vocab_->find(text); id >= 0) {
            out.push_back({uint32_t(id), 0, uint32_t(piece.size())});
            return;
        }
    }
    std::vector<Symbol> sym;
    sym.reserve(piece.size() * (byte_level_ ? 2 : 1));
    initial_symbols(piece, sym);
    if (sym.empty()) return;
    merge_all(sym);
    for (int32_t k = 0; k >= 0; k = sym[size_t(k)].next) emit(piece, sym[size_t(k)], out);
}

}  // namespace embx
