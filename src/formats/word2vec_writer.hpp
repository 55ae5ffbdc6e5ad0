// Writes a table in the word2vec formats, read by gensim (KeyedVectors.load_word2vec_format),
// the original word2vec tools, fastText (.vec) and our own importers:
//   text:   "V D\n", then "word v1 ... vD\n" per row
//   binary: "V D\n", then per row the word, a space, D little-endian float32 and "\n"
// Values are the rows as floats (dequantized for i8/f16 tables), printed so they read back
// as the same floats. Rows keep table order (most frequent first).
// Words these files cannot hold (empty; text: with a space, tab, CR or LF; binary: with a
// space or starting with LF) are refused or replaced, see unwritable_words.hpp; `replaced`
// (optional) receives how many were replaced.
#pragma once

#include <cstddef>

#include "core/embedding_table.hpp"
#include "core/status.hpp"
#include "formats/embx_writer.hpp"
#include "formats/unwritable_words.hpp"

namespace embx {

Status write_word2vec_text(const EmbeddingTable& table, const ByteSink& sink,
                           UnwritableWords policy = UnwritableWords::Refuse, size_t* replaced = nullptr);
Status write_word2vec_binary(const EmbeddingTable& table, const ByteSink& sink,
                             UnwritableWords policy = UnwritableWords::Refuse, size_t* replaced = nullptr);

}  // namespace embx
