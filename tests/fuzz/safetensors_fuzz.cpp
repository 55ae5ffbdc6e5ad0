#include "core/search.hpp"
#include "formats/safetensors.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    embx::ImportOptions opt;
    opt.dtype = size % 3 == 0 ? embx::DType::F16 : embx::DType::I8;  // F16 adds the range check
    auto imp = embx::make_safetensors_importer("fuzz.safetensors", opt, size % 2 ? size : 0);
    embx::fuzz::feed_in_chunks(*imp, data, size);
    // Whatever rows were accepted must be searchable without faults.
    if (auto t = imp->table(); t && t->rows() > 0) (void)embx::neighbors(*t, t->word(0), 3);
    return 0;
}
