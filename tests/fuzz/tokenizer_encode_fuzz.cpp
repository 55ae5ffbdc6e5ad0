// encode() of a byte-level BPE with Qwen2's pipeline (NFC, its split pattern, byte-level
// pieces, merges, added tokens) on arbitrary bytes, invalid UTF-8 included: it ends, every id is
// in the vocabulary and the byte ranges are in order and inside the input.
#include <cstdlib>
#include <string>
#include <string_view>

#include "../unit/bpe_fixtures.hpp"

namespace {
const embx::Tokenizer& tokenizer() {
    static const embx::Tokenizer t = [] {
        auto made = embx::Tokenizer::create(embx::test::tiny_bpe(
            {{"t", "h"}, {"th", "e"}, {" ", "the"}, {"i", "n"}, {" ", "a"}, {"e", "r"}, {"\xC3", "\xA9"}, {" ", " "}},
            {"<|endoftext|>", "<|im_start|>"}));
        if (!made) std::abort();
        return std::move(*made);
    }();
    return t;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const embx::Tokenizer& t = tokenizer();
    uint32_t at = 0;
    for (const embx::Token& tok : t.encode(text)) {
        if (tok.id >= t.vocab_size()) std::abort();
        if (tok.begin < at || tok.end < tok.begin || tok.end > size) std::abort();
        at = tok.begin;
    }
    return 0;
}
