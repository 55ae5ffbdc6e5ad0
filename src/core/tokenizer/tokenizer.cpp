#include "core/tokenizer/tokenizer.hpp"

#include <algorithm>

#include "core/tokenizer/unicode_text.hpp"

namespace embx {

namespace {

bool is_word_char(char32_t c) { return c == '_' || is_letter(c) || is_number(c); }

}  // namespace

Expected<Tokenizer> Tokenizer::create(TokenizerSpec spec) {
    Tokenizer t;
    auto vocab = std::make_shared<Vocab>();
    vocab->tokens = std::move(spec.model.vocab);
    if (vocab->tokens.empty()) return Error{"the vocabulary is empty"};
    if (vocab->tokens.size() > (size_t(1) << 31)) return Error{"the vocabulary has more than 2^31 tokens"};
    // Added tokens past the model's vocabulary extend it (Qwen's <|endoftext|> and friends).
    for (const AddedToken& a : spec.added) {
        if (a.content.empty()) return Error{"added token " + std::to_string(a.id) + " is empty"};
        if (a.id >= (uint32_t(1) << 31)) return Error{"added token '" + a.content + "' has an id past 2^31"};
        if (a.id >= vocab->tokens.size()) {
            if (a.id > vocab->tokens.size() + (size_t(1) << 20))
                return Error{"added token '" + a.content + "' has id " + std::to_string(a.id) + ", far past the vocabulary (" +
                             std::to_string(vocab->tokens.size()) + " ids)"};
            vocab->tokens.resize(a.id + 1);
        }
        if (vocab->tokens[a.id].empty()) vocab->tokens[a.id] = a.content;
    }
    vocab->ids.reserve(vocab->tokens.size());
    for (size_t i = 0; i < vocab->tokens.size(); ++i)
        if (!vocab->tokens[i].empty()) vocab->ids.emplace(vocab->tokens[i], uint32_t(i));  // first id wins
    t.vocab_ = vocab;

    auto norm = Normalizer::create(std::move(spec.normalizer));
    if (!norm) return Error{norm.error()};
    t.normalizer_ = std::move(*norm);
    auto pre = PreTokenizer::create(std::move(spec.pre_tokenizer));
    if (!pre) return Error{pre.error()};
    t.pre_ = std::move(*pre);

    if (spec.model.kind == ModelSpec::Kind::WordPiece) {
        auto m = WordPieceModel::create(spec.model, vocab);
        if (!m) return Error{m.error()};
        t.wordpiece_ = std::move(*m);
        t.kind_ = "WordPiece";
    } else {
        auto m = BpeModel::create(spec.model, vocab, t.pre_.byte_level());
        if (!m) return Error{m.error()};
        t.bpe_ = std::move(*m);
        t.kind_ = t.pre_.byte_level() ? "byte-level BPE" : spec.model.byte_fallback ? "BPE with byte fallback" : "character BPE";
    }

    t.added_ = std::move(spec.added);
    t.is_added_.assign(vocab->tokens.size(), false);
    t.is_special_.assign(vocab->tokens.size(), false);
    for (const AddedToken& a : t.added_) {
        t.is_added_[a.id] = true;
        t.is_special_[a.id] = a.special;
        const unsigned char c0 = static_cast<unsigned char>(a.content[0]);
        if (a.single_word && c0 < 0x80) t.single_word_start_[c0] = true;
    }
    t.build_trie(false);
    t.build_trie(true);

    for (const auto* list : {&spec.post.before, &spec.post.after})
        for (uint32_t id : *list)
            if (id >= vocab->tokens.size())
                return Error{"the post-processor adds token id " + std::to_string(id) + ", past the vocabulary"};
    t.post_ = std::move(spec.post);
    t.decoder_ = std::move(spec.decoder);
    t.window_safe_ = t.normalizer_.cut_safe() && t.pre_.cut_safe();
    return t;
}

void Tokenizer::build_trie(bool normalized) {
    std::vector<TrieNode>& trie = trie_[normalized ? 1 : 0];
    trie.assign(1, TrieNode{});
    for (size_t k = 0; k < added_.size(); ++k) {
        if (added_[k].normalized != normalized) continue;
        uint32_t node = 0;
        const std::string& s = added_[k].content;
        for (size_t i = 0, len = 0; i < s.size(); i += len) {
            const char32_t c = decode_utf8_at(s, i, len);
            auto& edges = trie[node].next;
            auto it = std::lower_bound(edges.begin(), edges.end(), std::make_pair(c, uint32_t(0)));
            if (it == edges.end() || it->first != c) {
                it = edges.insert(it, {c, uint32_t(trie.size())});
                node = uint32_t(trie.size());
                trie.emplace_back();
            } else {
                node = it->second;
            }
        }
        if (trie[node].token < 0) trie[node].token = int64_t(k);  // the first of duplicates wins
    }
}

std::vector<Tokenizer::AddedMatch> Tokenizer::find_added(const Chars& t, bool normalized) const {
    std::vector<AddedMatch> out;
    const std::vector<TrieNode>& trie = trie_[normalized ? 1 : 0];
    if (trie.size() <= 1) return out;
    uint32_t floor = 0;  // characters before it belong to an earlier match
    for (size_t i = 0; i < t.size(); ++i) {
        uint32_t node = 0;
        int64_t best = -1;
        size_t best_end = 0;
        for (size_t j = i; j < t.size(); ++j) {
            const auto& edges = trie[node].next;
            const auto it = std::lower_bound(edges.begin(), edges.end(), std::make_pair(t[j].cp, uint32_t(0)));
            if (it == edges.end() || it->first != t[j].cp) break;
            node = it->second;
            if (trie[node].token >= 0) best = trie[node].token, best_end = j + 1;
        }
        if (best < 0) continue;
        const AddedToken& a = added_[size_t(best)];
        if (a.single_word && ((i > 0 && is_word_char(t[i - 1].cp)) || (best_end < t.size() && is_word_char(t[best_end].cp))))
            continue;
        size_t b = i, e = best_end;
        if (a.lstrip)
            while (b > floor && is_js_space(t[b - 1].cp)) --b;
        if (a.rstrip)
            while (e < t.size() && is_js_space(t[e].cp)) ++e;
        out.push_back({uint32_t(b), uint32_t(e), size_t(best)});
        floor = uint32_t(e);
        i = e - 1;
    }
    return out;
}

void Tokenizer::push(uint32_t id, uint32_t begin, uint32_t end, bool added, std::vector<Token>& out) const {
    out.push_back({id, vocab_->tokens[id], added, begin, end});
}

void Tokenizer::encode_normalized(const Chars& text, bool first, bool section_start, std::vector<Token>& out,
                                  std::vector<uint32_t>* cuts) const {
    std::vector<ModelToken> mt;
    std::vector<uint32_t> splits;
    bool first_piece = true;
    for (const Chars& piece : pre_.apply(text, first, section_start)) {
        if (cuts && !first_piece && !piece.empty()) cuts->push_back(piece[0].from);
        first_piece = false;
        mt.clear();
        splits.clear();
        if (bpe_) bpe_->encode(piece, mt, cuts ? &splits : nullptr);
        else wordpiece_->encode(piece, mt);
        if (cuts)
            for (const uint32_t i : splits) cuts->push_back(piece[i].from);
        for (const ModelToken& m : mt) push(m.id, piece[m.begin].from, piece[m.end - 1].to, is_added_[m.id], out);
    }
}

void Tokenizer::encode_section(const Chars& raw, Span span, std::vector<Token>& out, std::vector<uint32_t>* cuts) const {
    const Chars text = normalizer_.apply(raw, !span.cut_before, !span.cut_after);
    if (text.empty()) return;
    size_t at = 0;
    for (const AddedMatch& m : find_added(text, true)) {
        if (m.begin > at)
            encode_normalized(Chars(text.begin() + long(at), text.begin() + m.begin), span.first && at == 0,
                              !(span.cut_before && at == 0), out, cuts);
        push(added_[m.index].id, text[m.begin].from, text[m.end - 1].to, true, out);
        at = m.end;
    }
    if (at < text.size())
        encode_normalized(Chars(text.begin() + long(at), text.end()), span.first && at == 0, !(span.cut_before && at == 0), out,
                          cuts);
}

void Tokenizer::encode_into(std::string_view input, Span span, std::vector<Token>& out, std::vector<uint32_t>* cuts) const {
    const Chars text = decode_chars(input);
    size_t at = 0;
    // Only the first section can continue a cut one, only the last go on past the end.
    const auto section = [&](size_t b, size_t e) {
        return Span{span.first && b == 0, span.cut_before && b == 0, span.cut_after && e == text.size()};
    };
    for (const AddedMatch& m : find_added(text, false)) {
        if (m.begin > at) encode_section(Chars(text.begin() + long(at), text.begin() + m.begin), section(at, m.begin), out, cuts);
        push(added_[m.index].id, text[m.begin].from, text[m.end - 1].to, true, out);
        at = m.end;
    }
    if (at < text.size()) encode_section(Chars(text.begin() + long(at), text.end()), section(at, text.size()), out, cuts);
}

std::vector<Token> Tokenizer::encode(std::string_view input, bool add_special) const {
    std::vector<Token> out;
    if (add_special)
        for (uint32_t id : post_.before) push(id, 0, 0, true, out);
    encode_into(input, Span{}, out, nullptr);
    if (add_special) {
        const uint32_t end = uint32_t(input.size());
        for (uint32_t id : post_.after) push(id, end, end, true, out);
    }
    return out;
}

std::vector<uint32_t> Tokenizer::encode_ids(std::string_view text, bool add_special) const {
    std::vector<uint32_t> ids;
    for (const Token& t : encode(text, add_special)) ids.push_back(t.id);
    return ids;
}

std::optional<uint32_t> Tokenizer::token_id(const std::string& s) const {
    const int64_t id = vocab_->find(s);
    return id < 0 ? std::nullopt : std::optional<uint32_t>(uint32_t(id));
}

Expected<std::string> Tokenizer::decode(const std::vector<uint32_t>& ids, bool skip_special) const {
    std::vector<std::string> tokens;
    tokens.reserve(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
        if (ids[i] >= vocab_->tokens.size())
            return Error{"token id " + std::to_string(ids[i]) + " (position " + std::to_string(i) + ") is past the vocabulary (" +
                         std::to_string(vocab_->tokens.size()) + " ids)"};
        if (skip_special && is_special_[ids[i]]) continue;
        tokens.push_back(vocab_->tokens[ids[i]]);
    }
    return run_decoder(decoder_, std::move(tokens));
}

namespace {
// Bytes kept after a window's last cut: the pieces near a window's end may change once more
// text follows (a regex lookahead, an added token or a UTF-8 sequence cut in two).
constexpr size_t kWindowTail = 1024;
}  // namespace

TokenStream::TokenStream(const Tokenizer& tok, bool add_special, size_t window_bytes)
    : tok_(tok), special_(add_special), window_(std::max(window_bytes, 2 * kWindowTail)), try_window_(window_) {}

bool TokenStream::cut_one(const Sink& sink) {
    if (!tok_.window_safe_ || buf_.size() < try_window_ + kWindowTail) return false;
    const std::string_view window(buf_.data(), try_window_);
    tokens_.clear();
    cuts_.clear();
    tok_.encode_into(window, Tokenizer::Span{first_, !first_, true}, tokens_, &cuts_);
    uint32_t cut = 0;
    for (const uint32_t c : cuts_) {
        if (c == 0 || c > try_window_ - kWindowTail || c <= cut) continue;
        const unsigned char at = static_cast<unsigned char>(window[c]), before = static_cast<unsigned char>(window[c - 1]);
        // (A single_word added token would see no word character before it in the next window.)
        if (at < 0x80 && before < 0x80 && before != ' ' && (before < 0x09 || before > 0x0d) && !tok_.single_word_start_[at])
            cut = c;
    }
    if (cut == 0) {  // no place to cut yet: a longer window next time
        try_window_ *= 2;
        return false;
    }
    std::vector<Token> out;
    if (first_ && special_)
        for (uint32_t id : tok_.post_.before) tok_.push(id, 0, 0, true, out);
    for (Token& t : tokens_) {
        if (t.begin >= cut) break;
        t.begin += uint32_t(base_);
        t.end += uint32_t(base_);
        out.push_back(std::move(t));
    }
    sink(out, std::string_view(buf_.data(), cut));
    buf_.erase(0, cut);
    base_ += cut;
    first_ = false;
    try_window_ = window_;
    return true;
}

void TokenStream::feed(std::string_view bytes, const Sink& sink) {
    buf_.append(bytes.data(), bytes.size());
    while (cut_one(sink)) {
    }
}

void TokenStream::finish(const Sink& sink) {
    while (cut_one(sink)) {
    }
    std::vector<Token> out;
    if (first_ && special_)
        for (uint32_t id : tok_.post_.before) tok_.push(id, 0, 0, true, out);
    tokens_.clear();
    tok_.encode_into(buf_, Tokenizer::Span{first_, !first_, false}, tokens_, nullptr);
    for (Token& t : tokens_) {
        t.begin += uint32_t(base_);
        t.end += uint32_t(base_);
        out.push_back(std::move(t));
    }
    base_ += buf_.size();
    if (special_)
        for (uint32_t id : tok_.post_.after) tok_.push(id, uint32_t(base_), uint32_t(base_), true, out);
    sink(out, buf_);
    buf_.clear();
    first_ = false;
}

}  // namespace embx
