// Reading a vocabulary file for the CLI (--vocab): the names of the rows of a matrix that
// carries none (.npy, Projector vectors.tsv, tensors). A *.tsv file is read as a Projector
// metadata.tsv (a header line when it has several columns); any other file as one token per
// line.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.hpp"

namespace embx::cli {

Expected<std::shared_ptr<const std::vector<std::string>>> load_vocabulary_file(const std::string& path);

}  // namespace embx::cli
