#include "formats/word2vec_writer.hpp"

#include <vector>

#include "formats/buffered_sink.hpp"
#include "formats/text_numbers.hpp"

namespace embx {

namespace {

constexpr WordRules kTextWords{" \t\r\n", false, false, "a word2vec text file"};
constexpr WordRules kBinaryWords{" ", false, true, "a word2vec binary file"};

void append_header(std::string& out, const EmbeddingTable& t) {
    out += std::to_string(t.rows());
    out += ' ';
    out += std::to_string(t.dims());
    out += '\n';
}

}  // namespace

Status write_word2vec_text(const EmbeddingTable& t, const ByteSink& sink, UnwritableWords policy, size_t* replaced) {
    if (t.rows() == 0) return Error{"cannot write an empty table"};
    size_t count = 0;
    BufferedSink out(sink);
    append_header(out.buffer(), t);
    std::vector<float> v(t.dims());
    for (size_t r = 0; r < t.rows(); ++r) {
        std::string& b = out.buffer();
        if (Status s = append_word(b, t.word(r), r, kTextWords, policy, count); !s.ok()) return s;
        t.row_as_float(r, v.data());
        for (float x : v) {
            b += ' ';
            append_float(b, x);
        }
        b += '\n';
        if (!out.maybe_flush()) return write_failed();
    }
    if (replaced) *replaced = count;
    return out.flush() ? Status::success() : write_failed();
}

Status write_word2vec_binary(const EmbeddingTable& t, const ByteSink& sink, UnwritableWords policy,
                             size_t* replaced) {
    if (t.rows() == 0) return Error{"cannot write an empty table"};
    size_t count = 0;
    BufferedSink out(sink);
    append_header(out.buffer(), t);
    std::vector<float> v(t.dims());
    for (size_t r = 0; r < t.rows(); ++r) {
        std::string& b = out.buffer();
        if (Status s = append_word(b, t.word(r), r, kBinaryWords, policy, count); !s.ok()) return s;
        t.row_as_float(r, v.data());
        b += ' ';
        b.append(reinterpret_cast<const char*>(v.data()), v.size() * 4);  // hosts are little-endian
        b += '\n';
        if (!out.maybe_flush()) return write_failed();
    }
    if (replaced) *replaced = count;
    return out.flush() ? Status::success() : write_failed();
}

}  // namespace embx
