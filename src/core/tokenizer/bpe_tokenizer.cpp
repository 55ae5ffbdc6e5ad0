#include "core/tokenizer/bpe_tokenizer.hpp"

#include <algorithm>
#include <cstddef>

#include "core/tokenizer/byte_level.hpp"
#include "core/tokenizer/qwen2_pretokenizer.hpp"
#include "core/tokenizer/unicode_text.hpp"

namespace embx {

namespace {

uint64_t pair_key(uint32_t a, uint32_t b) { return (uint64_t(a) << 32) | b; }

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

}  // namespace

Expected<BpeTokenizer> BpeTokenizer::create(BpeSpec spec) {
    BpeTokenizer t;
    t.nfc_ = spec.nfc;
    t.ignore_merges_ = spec.ignore_merges;
    t.vocab_ = std::move(spec.vocab);
    if (t.vocab_.empty()) return Error{"the vocabulary is empty"};
    if (t.vocab_.size() > (size_t(1) << 31)) return Error{"the vocabulary has more than 2^31 tokens"};
    t.id_of_.reserve(t.vocab_.size());
    for (size_t i = 0; i < t.vocab_.size(); ++i) t.id_of_.emplace(t.vocab_[i], uint32_t(i));  // first id wins

    for (unsigned b = 0; b < 256; ++b) {
        std::string s;
        append_utf8(s, byte_to_unicode(static_cast<unsigned char>(b)));
        const auto it = t.id_of_.find(s);
        t.byte_id_[b] = it == t.id_of_.end() ? -1 : int64_t(it->second);
    }

    t.merges_.reserve(spec.merges.size());
    for (size_t r = 0; r < spec.merges.size(); ++r) {
        // Named references, not a structured binding: C++17 lambdas cannot capture those (clang).
        const std::string& a = spec.merges[r].first;
        const std::string& b = spec.merges[r].second;
        const auto ia = t.id_of_.find(a), ib = t.id_of_.find(b), ic = t.id_of_.find(a + b);
        const auto where = [&] { return "merge " + std::to_string(r) + " ('" + a + "' + '" + b + "')"; };
        if (ia == t.id_of_.end()) return Error{where() + ": '" + a + "' is not in the vocabulary"};
        if (ib == t.id_of_.end()) return Error{where() + ": '" + b + "' is not in the vocabulary"};
        if (ic == t.id_of_.end()) return Error{where() + ": '" + a + b + "' is not in the vocabulary"};
        // A repeated pair keeps its first (best) rank, as Hugging Face's loader does.
        t.merges_.emplace(pair_key(ia->second, ib->second), Merge{uint32_t(r), ic->second});
    }

    t.added_ = std::move(spec.added);
    t.added_by_first_byte_.resize(256);
    t.is_added_.assign(t.vocab_.size(), false);
    for (size_t i = 0; i < t.added_.size(); ++i) {
        const AddedToken& a = t.added_[i];
        if (a.content.empty()) return Error{"added token " + std::to_string(a.id) + " is empty"};
        if (a.id >= t.vocab_.size())
            return Error{"added token '" + a.content + "' has id " + std::to_string(a.id) +
                         ", past the vocabulary (" + std::to_string(t.vocab_.size()) + " ids)"};
        t.added_by_first_byte_[static_cast<unsigned char>(a.content[0])].push_back(i);
        t.is_added_[a.id] = true;
    }
    for (auto& list : t.added_by_first_byte_)
        std::stable_sort(list.begin(), list.end(), [&](size_t x, size_t y) {
            return t.added_[x].content.size() > t.added_[y].content.size();
        });
    return t;
}

bool BpeTokenizer::find_added(std::string_view text, size_t from, size_t& start, size_t& end, size_t& index) const {
    if (added_.empty()) return false;
    for (size_t i = from; i < text.size(); ++i) {
        for (size_t k : added_by_first_byte_[static_cast<unsigned char>(text[i])]) {
            const std::string& c = added_[k].content;
            if (text.compare(i, c.size(), c) == 0) {
                start = i;
                end = i + c.size();
                index = k;
                return true;
            }
        }
    }
    return false;
}

void BpeTokenizer::encode_piece(std::string_view piece, std::vector<uint32_t>& out) const {
    if (ignore_merges_) {
        const auto it = id_of_.find(byte_level_encode(piece));
        if (it != id_of_.end()) {
            out.push_back(it->second);
            return;
        }
    }
    std::vector<uint32_t> sym;
    sym.reserve(piece.size());
    for (char c : piece) {
        const int64_t id = byte_id_[static_cast<unsigned char>(c)];
        if (id >= 0) sym.push_back(uint32_t(id));  // a byte with no token is dropped (no unk in byte-level BPE)
    }
    // Lowest rank first, leftmost on ties, one merge at a time (as Hugging Face's heap does:
    // a pair a merge creates may outrank other copies of the merged pair). rank[i] caches the
    // pair (sym[i], sym[i+1]), so a merge costs two lookups and one scan.
    auto lookup = [&](size_t i) -> Merge {
        const auto it = merges_.find(pair_key(sym[i], sym[i + 1]));
        return it == merges_.end() ? Merge{UINT32_MAX, 0} : it->second;
    };
    std::vector<Merge> rank(sym.empty() ? 0 : sym.size() - 1);
    for (size_t i = 0; i < rank.size(); ++i) rank[i] = lookup(i);
    while (!rank.empty()) {
        size_t best = 0;
        for (size_t i = 1; i < rank.size(); ++i)
            if (rank[i].rank < rank[best].rank) best = i;
        if (rank[best].rank == UINT32_MAX) break;
        sym[best] = rank[best].result;
        sym.erase(sym.begin() + std::ptrdiff_t(best) + 1);
        rank.erase(rank.begin() + std::ptrdiff_t(best));
        if (best < rank.size()) rank[best] = lookup(best);
        if (best > 0) rank[best - 1] = lookup(best - 1);
    }
    out.insert(out.end(), sym.begin(), sym.end());
}

void BpeTokenizer::encode_text(std::string_view text, std::vector<uint32_t>& out) const {
    if (text.empty()) return;
    const std::string clean = sanitize_utf8(text);
    const std::string normal = nfc_ ? nfc(clean) : clean;
    for (std::string_view piece : split_qwen2(normal)) encode_piece(piece, out);
}

std::vector<uint32_t> BpeTokenizer::encode_ids(std::string_view text) const {
    std::vector<uint32_t> ids;
    size_t pos = 0, start = 0, end = 0, k = 0;
    while (find_added(text, pos, start, end, k)) {
        size_t before = start, after = end;
        if (added_[k].lstrip)
            while (before > pos && is_ascii_space(text[before - 1])) --before;
        if (added_[k].rstrip)
            while (after < text.size() && is_ascii_space(text[after])) ++after;
        encode_text(text.substr(pos, before - pos), ids);
        ids.push_back(added_[k].id);
        pos = after;
    }
    encode_text(text.substr(pos), ids);
    return ids;
}

std::vector<Token> BpeTokenizer::encode(std::string_view text) const {
    std::vector<Token> out;
    for (uint32_t id : encode_ids(text)) out.push_back({id, vocab_[id], is_added_[id]});
    return out;
}

}  // namespace embx
