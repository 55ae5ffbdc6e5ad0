#include "formats/detect.hpp"

#include <cstring>

#include "formats/embx_layout.hpp"
#include "formats/embx_reader.hpp"
#include "formats/wink_json.hpp"

namespace embx {

Expected<Format> parse_format_name(std::string_view name) {
    if (name == "auto") return Format::Auto;
    if (name == "embx") return Format::Embx;
    if (name == "wink-json") return Format::WinkJson;
    return Error{"unknown format '" + std::string(name) + "' (known: auto, embx, wink-json)"};
}

std::string_view format_name(Format f) {
    switch (f) {
        case Format::Auto: return "auto";
        case Format::Embx: return "embx";
        case Format::WinkJson: return "wink-json";
    }
    return "?";
}

Expected<Format> detect_format(const uint8_t* head, size_t n, std::string_view file_name) {
    if (n == 0) return Error{std::string(file_name) + ": file is empty"};
    if (n >= 4 && std::memcmp(head, embx_format::kFileMagic, 4) == 0) return Format::Embx;
    size_t i = 0;
    if (n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) i = 3;  // UTF-8 BOM
    while (i < n && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) ++i;
    if (i < n && head[i] == '{') return Format::WinkJson;
    return Error{std::string(file_name) +
                 ": unrecognised format (supported so far: .embx tables and the wink GloVe JSON)"};
}

Expected<std::unique_ptr<Importer>> make_importer(Format f, std::string source_name,
                                                  const ImportOptions& opt, uint64_t total_bytes) {
    switch (f) {
        case Format::Embx:
            return std::unique_ptr<Importer>(
                std::make_unique<EmbxStreamReader>(std::move(source_name), total_bytes));
        case Format::WinkJson: return make_wink_json_importer(std::move(source_name), opt);
        case Format::Auto: break;
    }
    return Error{"format must be detected before an importer is made"};
}

}  // namespace embx
