// The Word2Vec trainer's corpus reader (UTF-8 check, word splitting, counting) on arbitrary
// bytes in chunks: it counts or says where the text is bad; a vocabulary that comes out is
// non-empty, "</s>" first, then sorted by count, and its counts add up.
#include <algorithm>
#include <cstdlib>

#include "core/train/word2vec_vocab.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    embx::train::VocabCounter counter(size && (data[0] & 1));
    const size_t chunk = size ? 1 + data[0] % 37 : 1;
    for (size_t at = 0; at < size; at += chunk)
        if (!counter.feed(data + at, std::min(chunk, size - at)).ok()) return 0;
    auto vocab = counter.finish(1 + (size ? data[size - 1] % 3 : 0));
    if (!vocab) {
        if (vocab.error().empty()) std::abort();
        return 0;
    }
    if (vocab->words.empty() || vocab->counts.size() != vocab->words.size()) std::abort();
    uint64_t sum = 0;
    for (size_t i = 0; i < vocab->counts.size(); ++i) {
        sum += vocab->counts[i];
        if (i > 1 && vocab->counts[i] > vocab->counts[i - 1]) std::abort();
        if (vocab->find(vocab->words[i]) != int32_t(i)) std::abort();
    }
    if (sum != vocab->train_words) std::abort();
    return 0;
}
