#include "formats/projector_tsv_writer.hpp"

#include <vector>

#include "formats/buffered_sink.hpp"
#include "formats/text_numbers.hpp"

namespace embx {

namespace {
constexpr WordRules kLabels{"\t\r\n", true, false, "metadata.tsv"};
}

Status write_projector_tsv(const EmbeddingTable& t, const ByteSink& vectors, const ByteSink& metadata,
                           UnwritableWords policy, size_t* replaced) {
    if (t.rows() == 0) return Error{"cannot write an empty table"};
    size_t count = 0;
    if (policy == UnwritableWords::Refuse) {  // check every word first: a refusal writes nothing
        std::string scratch;
        for (size_t r = 0; r < t.rows(); ++r) {
            scratch.clear();
            if (Status s = append_word(scratch, t.word(r), r, kLabels, policy, count); !s.ok()) return s;
        }
    }
    BufferedSink vec(vectors), meta(metadata);
    std::vector<float> v(t.dims());
    for (size_t r = 0; r < t.rows(); ++r) {
        t.row_as_float(r, v.data());
        std::string& b = vec.buffer();
        for (size_t i = 0; i < v.size(); ++i) {
            if (i) b += '\t';
            append_float(b, v[i]);
        }
        b += '\n';
        (void)append_word(meta.buffer(), t.word(r), r, kLabels, policy, count);  // checked above
        meta.buffer() += '\n';
        if (!vec.maybe_flush() || !meta.maybe_flush()) return write_failed();
    }
    if (replaced) *replaced = count;
    return vec.flush() && meta.flush() ? Status::success() : write_failed();
}

}  // namespace embx
