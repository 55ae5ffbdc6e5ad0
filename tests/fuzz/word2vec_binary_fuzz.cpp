#include "core/search.hpp"
#include "formats/word2vec_binary.hpp"
#include "formats/word2vec_writer.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    embx::ImportOptions opt;
    opt.limit = size % 3 == 0 ? 2 : 0;
    auto imp = embx::make_word2vec_binary_importer("fuzz.bin", opt, size % 2 ? size : 0);
    embx::fuzz::feed_in_chunks(*imp, data, size);
    if (auto t = imp->table(); t && t->rows() > 0) {
        (void)embx::neighbors(*t, t->word(0), 3);
        (void)embx::write_word2vec_binary(*t, [](const uint8_t*, size_t) { return true; },
                                          embx::UnwritableWords::Replace);
    }
    return 0;
}
