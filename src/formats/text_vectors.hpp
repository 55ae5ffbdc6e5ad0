// Importers for the word-per-line text formats:
//   GloVe text         word v1 v2 ... vD           (no header; D is taken from line 1)
//   word2vec text      V D                         (header line), then the same rows
//   fastText .vec      the word2vec text layout (fastText ends each row with a space)
// Rows keep file order, which these tools write most frequent first.
//
// Accepted: fields separated by runs of spaces or tabs (leading/trailing ones ignored), CRLF
// line endings, a UTF-8 byte order mark, no newline after the last row, blank lines at the
// end of the file, values with a leading '+' or an exponent.
// Rejected with an error naming the file, the line, the byte offset and the problem:
//  - an empty file, a file with no rows, a blank line between rows;
//  - a word2vec header that is not two whole numbers, a negative or zero count, dimensions
//    above 65,536, rows above 2^31, or more rows than the file size can hold (checked before
//    anything is allocated); fewer rows than announced (a cut file), or more;
//  - a row whose value count differs from D, a value that is not a number, and NaN or
//    infinity (a NaN would poison every score it touches; the error names the line and value);
//  - a line longer than 1 MiB.
// Duplicate words: the first row of each word is kept and later ones are skipped, with one
// note giving the count (see table_builder.hpp). With ImportOptions.limit the importer stops
// once that many rows are kept and ignores the rest of the file.
// A GloVe file whose first row is a one-dimensional row of a numeric word ("7 0.5") is
// indistinguishable from a word2vec header; auto-detection reads it as a header.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "formats/importer.hpp"

namespace embx {

std::unique_ptr<Importer> make_glove_text_importer(std::string source_name, const ImportOptions& opt,
                                                   uint64_t total_bytes);

// word2vec text and fastText .vec (header line "V D").
std::unique_ptr<Importer> make_word2vec_text_importer(std::string source_name, const ImportOptions& opt,
                                                      uint64_t total_bytes);

}  // namespace embx
