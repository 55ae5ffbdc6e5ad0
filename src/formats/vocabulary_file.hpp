// Vocabularies kept apart from a matrix (.npy, vectors.tsv, tensors): text files that name
// row i on line i. Both readers take the whole file at once (vocabularies are small next to
// their matrices) and return the names in row order.
//
// Both accept CRLF line endings, a UTF-8 byte order mark and a missing final newline, and
// keep empty lines as empty names (dropping them would shift every later row onto the wrong
// name). They refuse an empty file, lines longer than 1 MiB and more than 2^31 names, with an
// error naming the file, the line and the byte offset. Names are bytes, not checked as UTF-8.
// A name that itself contains a newline cannot be stored in these files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace embx {

// One token per line, taken verbatim (tabs and spaces included).
Expected<std::vector<std::string>> parse_vocabulary_lines(const std::string& source_name,
                                                          const uint8_t* data, size_t n);

// metadata.tsv of the TensorFlow Embedding Projector: with one column, every line is a label;
// with several tab-separated columns, line 1 is the header and the label is the first column.
// In that case every line must have as many columns as the header.
Expected<std::vector<std::string>> parse_projector_metadata(const std::string& source_name,
                                                            const uint8_t* data, size_t n);

}  // namespace embx
