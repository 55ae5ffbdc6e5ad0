// The tokenizer a GGUF file carries in its `tokenizer.ggml.*` metadata, as a TokenizerSpec:
//   - "gpt2" (byte-level BPE: tokens, merges, token types) with the split pattern that
//     `tokenizer.ggml.pre` names: "qwen2" and "deepseek-r1-qwen" (Qwen2's), "llama-bpe" and
//     "llama3" (Llama 3's), "gpt-2"; control and user-defined tokens become added tokens;
//   - "bert" (WordPiece: tokens; lower-cased when the vocabulary has no upper-case word).
// `add_bos_token` / `add_eos_token` put BOS/EOS around a sentence. Anything else (SentencePiece
// scores, another pre-tokenizer) is refused naming it: we run a tokenizer exactly or not at all.
#pragma once

#include "core/status.hpp"
#include "core/tokenizer/tokenizer_spec.hpp"
#include "formats/gguf_header.hpp"

namespace embx {

// The arrays the header reader must keep for gguf_tokenizer_spec().
void keep_gguf_tokenizer_arrays(GgufHeaderReader::Options& options);

Expected<TokenizerSpec> gguf_tokenizer_spec(const GgufHeaderReader& header);

}  // namespace embx
