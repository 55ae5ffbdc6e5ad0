// The format detector on arbitrary leading bytes and file names: a format or an error, and the
// importer it names accepts the same bytes without crashing.
#include <cstdlib>
#include <string>

#include "formats/detect.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const char* const kNames[] = {"t.embx", "t.txt", "t.vec", "t.bin", "t.npy", "t.safetensors", "t.gguf",
                                         "t.json", "t.tsv", "t", "t.html", "model.safetensors.index.json"};
    const std::string name = kNames[size ? data[size - 1] % 12 : 0];
    auto f = embx::detect_format(data, size, name);
    if (!f) {
        if (f.error().empty()) std::abort();
        return 0;
    }
    embx::ImportOptions opt;
    opt.dtype = embx::DType::I8;
    opt.memory_limit = uint64_t(64) << 20;
    auto imp = embx::make_importer(*f, name, opt, size);
    if (imp) embx::fuzz::feed_in_chunks(**imp, data, size);
    return 0;
}
