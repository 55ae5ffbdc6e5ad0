// GloVe text and word2vec / fastText text: the same bytes go through both importers, with and
// without a known size; whatever is accepted must be searchable and exportable.
#include "core/search.hpp"
#include "formats/text_vectors.hpp"
#include "formats/word2vec_writer.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    embx::ImportOptions opt;
    opt.limit = size % 3 == 0 ? 4 : 0;
    for (bool header : {false, true}) {
        auto imp = header ? embx::make_word2vec_text_importer("fuzz.vec", opt, size % 2 ? size : 0)
                          : embx::make_glove_text_importer("fuzz.txt", opt, size % 2 ? size : 0);
        embx::fuzz::feed_in_chunks(*imp, data, size);
        if (auto t = imp->table(); t && t->rows() > 0) {
            (void)embx::neighbors(*t, t->word(0), 3);
            (void)embx::write_word2vec_text(*t, [](const uint8_t*, size_t) { return true; },
                                            embx::UnwritableWords::Replace);
        }
    }
    return 0;
}
