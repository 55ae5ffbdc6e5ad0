// The whole-tokenizer reader (merges, pre-tokenizer, added tokens) on arbitrary bytes, fed in
// chunks; when a tokenizer comes out, it also encodes a few strings (its added tokens and
// merges are then arbitrary).
#include <algorithm>

#include "formats/tokenizer_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    embx::TokenizerJsonReader reader("fuzz.json");
    const size_t chunk = size ? 1 + data[0] % 61 : 1;
    for (size_t at = 0; at < size; at += chunk)
        if (!reader.feed(data + at, std::min(chunk, size - at)).ok()) return 0;
    auto tok = reader.finish();
    if (tok.ok()) {
        (void)tok->encode("Hello, world! I'm 2025 caf\xC3\xA9 \xE6\x97\xA5\n\n  x");
        (void)tok->encode(std::string_view(reinterpret_cast<const char*>(data), std::min<size_t>(size, 256)));
    }
    return 0;
}
