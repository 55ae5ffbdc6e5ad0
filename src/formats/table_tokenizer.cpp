#include "formats/table_tokenizer.hpp"

#include <cstdio>

#include "core/display_text.hpp"
#include "formats/tokenizer_json.hpp"

namespace embx {

const std::string* embedded_tokenizer_json(const EmbeddingTable& table) {
    for (const auto& [k, v] : table.info().metadata)
        if (k == kTokenizerMetadataKey) return &v;
    return nullptr;
}

std::string embedded_tokenizer_source(const EmbeddingTable& table) {
    return table.info().name + " (embedded tokenizer.json)";
}

Expected<std::shared_ptr<const Tokenizer>> parse_embedded_tokenizer(const std::string& source, const std::string& json) {
    auto tok = read_tokenizer(source, reinterpret_cast<const uint8_t*>(json.data()), json.size());
    if (!tok) return Error{tok.error()};
    return std::shared_ptr<const Tokenizer>(std::make_shared<Tokenizer>(std::move(*tok)));
}

Expected<std::shared_ptr<const Tokenizer>> table_tokenizer(const EmbeddingTable& table) {
    const std::string* json = embedded_tokenizer_json(table);
    if (!json) return std::shared_ptr<const Tokenizer>();
    return parse_embedded_tokenizer(embedded_tokenizer_source(table), *json);
}

std::string metadata_value_for_display(std::string_view key, const std::string& value) {
    constexpr size_t kLongest = 300;  // longer values are files, not descriptions
    if (value.size() <= kLongest && key != kTokenizerMetadataKey) return escape_for_display(value);
    char buf[64];
    std::snprintf(buf, sizeof buf, "(embedded, %.1f kB)", double(value.size()) / 1e3);
    return buf;
}

}  // namespace embx
