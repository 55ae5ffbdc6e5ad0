#include "core/search.hpp"
#include "formats/wink_json.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto imp = embx::make_wink_json_importer("fuzz.json", embx::ImportOptions{});
    embx::fuzz::feed_in_chunks(*imp, data, size);
    if (auto t = imp->table(); t && t->rows() > 0) (void)embx::neighbors(*t, t->word(0), 3);
    return 0;
}
