// Importer for the vectors file of the TensorFlow Embedding Projector (vectors.tsv): one row
// per line, values separated by single tabs, no words and no header. Row i is named
// ImportOptions.vocabulary[i] (see vocabulary_file.hpp for reading metadata.tsv), or
// "<row i>" past its end or without one, with a note either way.
//
// Accepted: CRLF line endings, a UTF-8 byte order mark, no final newline, blank lines at the
// end, values with a leading '+' or an exponent.
// Rejected with an error naming the file, the line, the byte offset and the problem: an empty
// file or one with no rows, a blank line between rows, rows of unequal length (the width comes
// from line 1, at most 65,536), empty fields, values that are not numbers, NaN or infinity,
// more than 2^31 rows, lines longer than 1 MiB.
// Rows whose name repeats an earlier row's are skipped with a note (first row kept). With
// ImportOptions.limit the importer stops once that many rows are kept.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "formats/importer.hpp"

namespace embx {

std::unique_ptr<Importer> make_projector_tsv_importer(std::string source_name, const ImportOptions& opt,
                                                      uint64_t total_bytes);

}  // namespace embx
