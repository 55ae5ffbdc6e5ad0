// Plain token lists and Projector metadata.tsv: every input ends in names or an error.
#include "formats/vocabulary_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    (void)embx::parse_vocabulary_lines("fuzz.txt", data, size);
    (void)embx::parse_projector_metadata("fuzz-metadata.tsv", data, size);
    return 0;
}
