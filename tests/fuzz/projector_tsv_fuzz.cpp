// vectors.tsv with names read from the same bytes as a metadata.tsv (when they parse as one).
#include <memory>

#include "core/search.hpp"
#include "formats/projector_tsv.hpp"
#include "formats/projector_tsv_writer.hpp"
#include "formats/vocabulary_file.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    embx::ImportOptions opt;
    if (auto names = embx::parse_projector_metadata("fuzz-metadata.tsv", data, size); names.ok() && size % 2)
        opt.vocabulary = std::make_shared<const std::vector<std::string>>(std::move(*names));
    auto imp = embx::make_projector_tsv_importer("fuzz.tsv", opt, size % 3 ? size : 0);
    embx::fuzz::feed_in_chunks(*imp, data, size);
    if (auto t = imp->table(); t && t->rows() > 0) {
        (void)embx::neighbors(*t, t->word(0), 3);
        auto sink = [](const uint8_t*, size_t) { return true; };
        (void)embx::write_projector_tsv(*t, sink, sink, embx::UnwritableWords::Replace);
    }
    return 0;
}
