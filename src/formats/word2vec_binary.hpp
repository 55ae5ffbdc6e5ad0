// Importer for the word2vec binary format (the C tool's -binary 1, gensim's binary=True):
//   "V D\n", then V rows of: word bytes, one space, D little-endian float32, an optional "\n".
// Rows keep file order (most frequent first).
//
// Accepted: rows with or without the "\n" after the values, newlines or spaces after the last
// row, words of any bytes except the space that ends them, CRLF or a UTF-8 byte order mark
// around the header line.
// Rejected with an error naming the file, the byte offset and the problem:
//  - an empty or cut file (the error says how many rows were complete);
//  - a header that is not two whole numbers, negative or zero counts, dimensions above 65,536,
//    rows above 2^31, or more rows than the file size can hold (checked before anything is
//    allocated);
//  - an empty word, a word longer than 64 KiB, NaN or infinite values (naming row and value);
//  - other bytes after the last row;
//  - a first row whose value bytes are all digits and blanks: a word2vec text file read as
//    binary (the error says so).
// Duplicate words: the first row is kept, later ones skipped and counted in a note.
// With ImportOptions.limit the importer stops once that many rows are kept.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "formats/importer.hpp"

namespace embx {

std::unique_ptr<Importer> make_word2vec_binary_importer(std::string source_name, const ImportOptions& opt,
                                                        uint64_t total_bytes);

}  // namespace embx
