// A BERT folder with vocab.txt and no tokenizer.json: the WordPiece tokenizer that
// transformers' BertTokenizerFast would build (BertNormalizer, lowercasing per
// tokenizer_config.json's do_lower_case, default true; BertPreTokenizer; "##" continuations;
// [UNK]; [CLS] ... [SEP] around a sentence).
#pragma once

#include <string>

#include "core/status.hpp"
#include "core/tokenizer/tokenizer_spec.hpp"

namespace embx {

// `tokenizer_config_json` may be empty (no tokenizer_config.json).
Expected<TokenizerSpec> bert_vocab_tokenizer(const std::string& vocab_txt, const std::string& tokenizer_config_json);

}  // namespace embx
