// Recognises the matrix and word-vector formats from a file's first bytes, with its name's
// extension as a hint when the bytes do not decide (detect.cpp maps the answer to a Format).
//   .npy            "\x93NUMPY"
//   word2vec        line 1 is two whole numbers "V D"; binary or text is decided by the bytes
//                   after the first word (digits and blanks = text). A word2vec text file
//                   named *.vec is reported as fastText.
//   GloVe text      line 1 is a word followed by numbers
//   Projector TSV   line 1 is numbers separated by tabs (or a single number)
// When the bytes are inconclusive (too few, or unfamiliar), .npy/.bin/.vec/.tsv/.txt name
// the format whose importer will then explain what is wrong.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace embx {

enum class VectorFileKind { Unknown, Npy, Word2VecBinary, Word2VecText, FastTextVec, GloveText, ProjectorTsv };

VectorFileKind sniff_vector_file(const uint8_t* head, size_t n, std::string_view file_name);

}  // namespace embx
