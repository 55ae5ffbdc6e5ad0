// A tiny byte-level BPE built in code: all 256 byte tokens (ids 0..255 in byte order), then
// the merges given, each adding its result as the next id; added tokens after that.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/tokenizer/tokenizer.hpp"
#include "core/tokenizer/byte_level.hpp"

namespace embx::test {

// Byte-level spelling of raw bytes: bl(" a") == "Ġa".
inline std::string bl(const std::string& raw) { return byte_level_encode(raw); }

// Qwen2's Split pattern, as its tokenizer.json spells it.
inline const char* const kQwen2Pattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

// Qwen2's pipeline: NFC, Split(pattern, Isolated), ByteLevel without its own regex.
inline TokenizerSpec tiny_bpe(const std::vector<std::pair<std::string, std::string>>& raw_merges,
                              const std::vector<std::string>& added = {}) {
    TokenizerSpec spec;
    spec.normalizer.push_back({});  // NFC
    PreTokenizerStep split;
    split.pattern = kQwen2Pattern;
    PreTokenizerStep byte_level;
    byte_level.kind = PreTokenizerStep::Kind::ByteLevel;
    byte_level.add_prefix_space = false;
    byte_level.use_regex = false;
    spec.pre_tokenizer = {split, byte_level};
    spec.decoder.push_back({});  // ByteLevel
    std::vector<std::string>& vocab = spec.model.vocab;
    for (int b = 0; b < 256; ++b) vocab.push_back(bl(std::string(1, char(b))));
    for (const auto& [a, b] : raw_merges) {
        spec.model.merges.emplace_back(bl(a), bl(b));
        vocab.push_back(bl(a + b));
    }
    for (const std::string& a : added) {
        AddedToken t;
        t.content = a;
        t.id = uint32_t(vocab.size());
        t.special = true;
        spec.added.push_back(t);
        vocab.push_back(a);
    }
    return spec;
}

// tiny_bpe(raw_merges) as a Hugging Face tokenizer.json (ByteLevel pre-tokenizer, no
// normalizer, no added tokens).
inline std::string tiny_bpe_json(const std::vector<std::pair<std::string, std::string>>& raw_merges) {
    const TokenizerSpec spec = tiny_bpe(raw_merges);
    nlohmann::json vocab = nlohmann::json::object();
    for (size_t i = 0; i < spec.model.vocab.size(); ++i) vocab[spec.model.vocab[i]] = i;
    nlohmann::json m = nlohmann::json::array();
    for (const auto& [a, b] : spec.model.merges) m.push_back(a + " " + b);
    const nlohmann::json tok = {{"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", m}}},
                                {"normalizer", nullptr},
                                {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", true}}},
                                {"added_tokens", nlohmann::json::array()}};
    return tok.dump();
}

}  // namespace embx::test
