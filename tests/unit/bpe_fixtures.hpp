// A tiny byte-level BPE built in code: all 256 byte tokens (ids 0..255 in byte order), then
// the merges given, each adding its result as the next id; added tokens after that.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/tokenizer/bpe_tokenizer.hpp"
#include "core/tokenizer/byte_level.hpp"

namespace embx::test {

// Byte-level spelling of raw bytes: bl(" a") == "Ġa".
inline std::string bl(const std::string& raw) { return byte_level_encode(raw); }

inline BpeSpec tiny_bpe(const std::vector<std::pair<std::string, std::string>>& raw_merges,
                        const std::vector<std::string>& added = {}) {
    BpeSpec spec;
    for (int b = 0; b < 256; ++b) spec.vocab.push_back(bl(std::string(1, char(b))));
    for (const auto& [a, b] : raw_merges) {
        spec.merges.emplace_back(bl(a), bl(b));
        spec.vocab.push_back(bl(a + b));
    }
    for (const std::string& a : added) {
        spec.added.push_back({a, uint32_t(spec.vocab.size()), true});
        spec.vocab.push_back(a);
    }
    return spec;
}

}  // namespace embx::test
