// A table's own tokenizer. `embx convert --tokenizer tokenizer.json` embeds the file in the
// .embx metadata (key "tokenizer.json") when it is a tokenizer we can run, so the web page and
// the CLI split sentences into the table's tokens without being given a second file.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/embedding_table.hpp"
#include "core/status.hpp"
#include "core/tokenizer/tokenizer.hpp"

namespace embx {

inline constexpr std::string_view kTokenizerMetadataKey = "tokenizer.json";

// The embedded tokenizer.json's bytes, or null when the table has none.
const std::string* embedded_tokenizer_json(const EmbeddingTable& table);

// Parses the embedded tokenizer; a null pointer when there is none, an error when it is there
// but unusable (the message names the table).
Expected<std::shared_ptr<const Tokenizer>> table_tokenizer(const EmbeddingTable& table);
// The same in two steps, for a parse on another thread: the name messages give, then the parse
// of a copy of the JSON.
std::string embedded_tokenizer_source(const EmbeddingTable& table);
Expected<std::shared_ptr<const Tokenizer>> parse_embedded_tokenizer(const std::string& source, const std::string& json);

// A metadata value as the UI and `embx info` show it: embedded files (long values) by size.
std::string metadata_value_for_display(std::string_view key, const std::string& value);

}  // namespace embx
