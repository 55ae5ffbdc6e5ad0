#include <memory>

#include "core/search.hpp"
#include "formats/npy.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    embx::ImportOptions opt;
    if (size % 2)  // a vocabulary shorter than most matrices: names and "<row N>" mixed
        opt.vocabulary = std::make_shared<const std::vector<std::string>>(std::vector<std::string>{"a", "b", "a"});
    opt.limit = size % 5 == 0 ? 3 : 0;
    auto imp = embx::make_npy_importer("fuzz.npy", opt, size % 3 ? size : 0);
    embx::fuzz::feed_in_chunks(*imp, data, size);
    if (auto t = imp->table(); t && t->rows() > 0) (void)embx::neighbors(*t, t->word(0), 3);
    return 0;
}
