#include <algorithm>

#include "formats/tokenizer_vocab.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    embx::TokenizerVocabReader reader("fuzz.json");
    const size_t chunk = size ? 1 + data[0] % 61 : 1;
    for (size_t at = 0; at < size; at += chunk)
        if (!reader.feed(data + at, std::min(chunk, size - at)).ok()) return 0;
    (void)reader.finish();
    return 0;
}
