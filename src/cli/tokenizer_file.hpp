// Reading a Hugging Face tokenizer.json for the CLI (--tokenizer): the token strings that name
// the rows of an LLM embedding matrix, or the whole tokenizer (embx tokenize, embx graph).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/embedding_table.hpp"
#include "core/status.hpp"
#include "core/tokenizer/tokenizer.hpp"

namespace embx::cli {

// Streams the file through the tokenizer.json reader; prints its notes as "embx: note: ...".
Expected<std::shared_ptr<const std::vector<std::string>>> load_tokenizer_vocab(const std::string& path);
// The same file as a tokenizer (BPE or WordPiece); notes are printed only when `verbose`.
// A .gguf file gives the tokenizer of its tokenizer.ggml.* metadata (formats/gguf_tokenizer).
Expected<Tokenizer> load_tokenizer(const std::string& path, bool verbose);
// Embeds the tokenizer.json in an .embx table's metadata when we can run it,
// so the explorer splits sentences into this table's tokens by itself. Otherwise says why not.
void embed_tokenizer_json(EmbeddingTable& t, const std::string& path);

}  // namespace embx::cli
