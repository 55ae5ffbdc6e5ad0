#include "core/search.hpp"
#include "formats/embx_reader.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    embx::EmbxStreamReader reader("fuzz.embx", size % 2 ? size : 0);  // with and without a known size
    embx::fuzz::feed_in_chunks(reader, data, size);
    // Whatever rows were accepted must be searchable without faults.
    if (auto t = reader.table(); t && t->rows() > 0) (void)embx::neighbors(*t, t->word(0), 3);
    return 0;
}
