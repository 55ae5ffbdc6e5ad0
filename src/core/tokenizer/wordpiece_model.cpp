#include "core/tokenizer/token_models.hpp"

namespace embx {

Expected<WordPieceModel> WordPieceModel::create(const ModelSpec& spec, std::shared_ptr<const Vocab> vocab) {
    WordPieceModel m;
    m.vocab_ = std::move(vocab);
    m.prefix_ = spec.continuing_subword_prefix;
    m.max_chars_ = spec.max_input_chars_per_word;
    if (spec.unk_token.empty()) return Error{"a WordPiece model needs an unk_token"};
    m.unk_ = m.vocab_->find(spec.unk_token);
    if (m.unk_ < 0) return Error{"the unknown token '" + spec.unk_token + "' is not in the vocabulary"};
    return m;
}

void WordPieceModel::encode(const Chars& piece, std::vector<ModelToken>& out) const {
    if (piece.empty()) return;
    const uint32_t n = uint32_t(piece.size());
    const auto unknown = [&] { out.push_back({uint32_t(unk_), 0, n}); };
    if (n > max_chars_) return unknown();
    // Greedy longest match from the left; a word with any part not in the vocabulary is one
    // unknown token.
    const size_t before = out.size();
    std::string s;
    for (uint32_t start = 0; start < n;) {
        int64_t found = -1;
        uint32_t end = n;
        for (; end > start; --end) {
            s.assign(start > 0 ? prefix_ : std::string());
            s += encode_chars(piece, start, end);
            if ((found = vocab_->find(s)) >= 0) break;
        }
        if (found < 0) {
            out.resize(before);
            return unknown();
        }
        out.push_back({uint32_t(found), start, end});
        start = end;
    }
}

}  // namespace embx
