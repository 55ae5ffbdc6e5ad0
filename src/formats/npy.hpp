// Importer for NumPy .npy files holding an embedding matrix (np.save of a 2-D float array):
//   "\x93NUMPY", version (1.0, 2.0 or 3.0), header length (u16 for 1.0, u32 after), the
//   header dict (npy_header.hpp), then rows x dims little-endian elements in C order.
// Element types: '<f4', '<f2' and '<f8' (converted to float). The file holds no words: row i
// is named ImportOptions.vocabulary[i] (see vocabulary_file.hpp), or "<row i>" past its end or
// without one, with a note either way.
//
// Rejected with an error naming the file, the byte offset and the problem: an empty or cut
// file (the error says how many rows were complete), wrong magic, other versions, a header
// longer than 64 KiB or that breaks the rules of npy_header.hpp, big-endian or other element
// types, Fortran order, shapes that are not 2-D or have zero or too many rows or columns, data
// larger than the file (checked before anything is allocated), NaN or infinite values (and
// '<f8' values beyond float range), bytes after the array.
// Rows whose name repeats an earlier row's are skipped with a note (first row kept). With
// ImportOptions.limit the importer stops once that many rows are kept.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "formats/importer.hpp"

namespace embx {

std::unique_ptr<Importer> make_npy_importer(std::string source_name, const ImportOptions& opt,
                                            uint64_t total_bytes);

}  // namespace embx
