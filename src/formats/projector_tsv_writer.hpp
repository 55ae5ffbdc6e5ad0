// Writes a table as the two files the TensorFlow Embedding Projector loads:
//   vectors.tsv   one row per line, values separated by tabs (printed to read back exactly)
//   metadata.tsv  one word per line, a single column and so no header line
// A word holding a tab, CR or LF would break the metadata file: it is refused or replaced,
// see unwritable_words.hpp; `replaced` (optional) receives how many were replaced.
#pragma once

#include <cstddef>

#include "core/embedding_table.hpp"
#include "core/status.hpp"
#include "formats/embx_writer.hpp"
#include "formats/unwritable_words.hpp"

namespace embx {

Status write_projector_tsv(const EmbeddingTable& table, const ByteSink& vectors, const ByteSink& metadata,
                           UnwritableWords policy = UnwritableWords::Refuse, size_t* replaced = nullptr);

}  // namespace embx
