#include "core/search.hpp"
#include "formats/gguf.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    embx::ImportOptions opt;
    opt.dtype = size % 3 == 0 ? embx::DType::F32 : embx::DType::I8;
    auto imp = embx::make_gguf_importer("fuzz.gguf", opt, size % 2 ? size : 0);  // with and without a known size
    embx::fuzz::feed_in_chunks(*imp, data, size);
    if (auto t = imp->table(); t && t->rows() > 0) (void)embx::neighbors(*t, t->word(0), 3);
    return 0;
}
