// The two tokenizer models: BPE (byte-level as in GPT-2/Llama 3/Qwen2, or over characters with
// byte fallback as in Llama 2/Gemma) and WordPiece (BERT). Each turns one pre-tokenized piece
// into token ids, each id with the piece's characters [begin, end) it covers.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.hpp"
#include "core/tokenizer/text_chars.hpp"
#include "core/tokenizer/tokenizer_spec.hpp"

namespace embx {

struct Vocab {
    std::vector<std::string> tokens;                // by id
    std::unordered_map<std::string, uint32_t> ids;  // the first id of each string
    int64_t find(const std::string& s) const {
        const auto it = ids.find(s);
        return it == ids.end() ? -1 : int64_t(it->second);
    }
};

struct ModelToken {
    uint32_t id;
    uint32_t begin, end;  // characters of the piece
};

class BpeModel {
public:
    static Expected<BpeModel> create(const ModelSpec& spec, std::shared_ptr<const Vocab> vocab, bool byte_level);
    // `splits`, when given, gets the characters where the piece was cut into words that merge
    // on their own (character BPE: see joins_mark_), places a TokenStream window may end.
    void encode(const Chars& piece, std::vector<ModelToken>& out, std::vector<uint32_t>* splits = nullptr) const;

private:
    struct Merge {
        uint32_t rank, result;
    };
    struct Symbol {
        int64_t id;          // -1: a character with no token (byte fallback or unk later)
        uint32_t begin, end; // characters of the piece
        int32_t prev, next;
    };
    void encode_cached(const Chars& piece, size_t begin, size_t end, std::vector<ModelToken>& out) const;
    void encode_uncached(const Chars& piece, std::vector<ModelToken>& out) const;
    void initial_symbols(const Chars& piece, std::vector<Symbol>& sym) const;
    void merge_all(std::vector<Symbol>& sym) const;
    void emit(const Chars& piece, const Symbol& s, std::vector<ModelToken>& out) const;

    struct PieceCache {
        std::mutex mutex;
        std::unordered_map<std::string, std::vector<ModelToken>> map;
    };
    std::shared_ptr<const Vocab> vocab_;
    std::unique_ptr<PieceCache> cache_;  // the tokens of recent pieces (encode() is const)
    std::unordered_map<uint64_t, Merge> merges_;  // (left id << 32 | right id)
    int64_t byte_id_[256];      // byte-level: the token of each byte; else <0xXX> for byte fallback
    int64_t unk_ = -1;
    bool byte_level_ = false, byte_fallback_ = false, fuse_unk_ = false, ignore_merges_ = false;
    std::string prefix_, suffix_;
    // Character BPE (SentencePiece style): a piece is cut before each U+2581 word mark that no
    // token can reach across, i.e. unless some token has the character before it followed by
    // U+2581. Merges then never cross the cut, so the words tokenize (and cache) one by one.
    std::vector<char32_t> joins_mark_;  // sorted
};

class WordPieceModel {
public:
    static Expected<WordPieceModel> create(const ModelSpec& spec, std::shared_ptr<const Vocab> vocab);
    void encode(const Chars& piece, std::vector<ModelToken>& out) const;

private:
    std::shared_ptr<const Vocab> vocab_;
    int64_t unk_ = -1;
    std::string prefix_;
    uint32_t max_chars_ = 100;
};

}  // namespace embx
