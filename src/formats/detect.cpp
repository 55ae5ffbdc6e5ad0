#include "formats/detect.hpp"

#include <cctype>
#include <cstring>

#include "formats/embx_layout.hpp"
#include "formats/embx_reader.hpp"
#include "formats/gguf.hpp"
#include "formats/npy.hpp"
#include "formats/projector_tsv.hpp"
#include "formats/safetensors.hpp"
#include "formats/sniff_vectors.hpp"
#include "formats/text_vectors.hpp"
#include "formats/wink_json.hpp"
#include "formats/word2vec_binary.hpp"

namespace embx {

namespace {

bool has_suffix(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool starts_with_ignoring_case(const uint8_t* p, size_t n, std::string_view prefix) {
    if (n < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(p[i]) != prefix[i]) return false;
    return true;
}

bool looks_like_html(const uint8_t* p, size_t n) {
    return starts_with_ignoring_case(p, n, "<!doctype html") || starts_with_ignoring_case(p, n, "<html") ||
           starts_with_ignoring_case(p, n, "<head");
}

}  // namespace

Expected<Format> parse_format_name(std::string_view name) {
    if (name == "auto") return Format::Auto;
    if (name == "embx") return Format::Embx;
    if (name == "wink-json") return Format::WinkJson;
    if (name == "safetensors") return Format::Safetensors;
    if (name == "gguf") return Format::Gguf;
    if (name == "glove-text") return Format::GloveText;
    if (name == "word2vec-text") return Format::Word2VecText;
    if (name == "word2vec-bin") return Format::Word2VecBinary;
    if (name == "fasttext-vec") return Format::FastTextVec;
    if (name == "tsv") return Format::ProjectorTsv;
    if (name == "npy") return Format::Npy;
    return Error{"unknown format '" + std::string(name) + "' (known: auto, embx, wink-json, safetensors, gguf, "
                 "glove-text, word2vec-text, word2vec-bin, fasttext-vec, tsv, npy)"};
}

std::string_view format_name(Format f) {
    switch (f) {
        case Format::Auto: return "auto";
        case Format::Embx: return "embx";
        case Format::WinkJson: return "wink-json";
        case Format::Safetensors: return "safetensors";
        case Format::Gguf: return "gguf";
        case Format::GloveText: return "glove-text";
        case Format::Word2VecText: return "word2vec-text";
        case Format::Word2VecBinary: return "word2vec-bin";
        case Format::FastTextVec: return "fasttext-vec";
        case Format::ProjectorTsv: return "tsv";
        case Format::Npy: return "npy";
    }
    return "?";
}

Expected<Format> detect_format(const uint8_t* head, size_t n, std::string_view file_name) {
    if (n == 0) return Error{std::string(file_name) + ": file is empty"};
    if (n >= 4 && std::memcmp(head, embx_format::kFileMagic, 4) == 0) return Format::Embx;
    if (n >= 4 && std::memcmp(head, "GGUF", 4) == 0) return Format::Gguf;
    // safetensors: a u64 LE header length (far below 2^32) and then the JSON header's '{'.
    if (n >= 9 && head[8] == '{' && head[4] == 0 && head[5] == 0 && head[6] == 0 && head[7] == 0)
        return Format::Safetensors;
    if (has_suffix(file_name, ".safetensors")) return Format::Safetensors;
    size_t i = 0;
    if (n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) i = 3;  // UTF-8 BOM
    while (i < n && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) ++i;
    if (i < n && head[i] == '{') return Format::WinkJson;
    switch (sniff_vector_file(head, n, file_name)) {
        case VectorFileKind::Npy: return Format::Npy;
        case VectorFileKind::Word2VecBinary: return Format::Word2VecBinary;
        case VectorFileKind::Word2VecText: return Format::Word2VecText;
        case VectorFileKind::FastTextVec: return Format::FastTextVec;
        case VectorFileKind::GloveText: return Format::GloveText;
        case VectorFileKind::ProjectorTsv: return Format::ProjectorTsv;
        case VectorFileKind::Unknown: break;
    }
    // A web page where the file was expected: a login page, a hub's page about the file, a
    // server's "not found" page sent with status 200.
    if (looks_like_html(head + i, n - i))
        return Error{std::string(file_name) +
                     ": this is an HTML web page, not a table (the link may lead to a page about the file, a "
                     "login or an error page; link to the file itself)"};
    return Error{std::string(file_name) +
                 ": unrecognised format (supported: .embx, wink GloVe JSON, safetensors, GGUF, GloVe / "
                 "word2vec / fastText text, word2vec binary, Projector TSV, .npy)"};
}

Expected<std::unique_ptr<Importer>> make_importer(Format f, std::string source_name,
                                                  const ImportOptions& opt, uint64_t total_bytes) {
    switch (f) {
        case Format::Embx:
            return std::unique_ptr<Importer>(
                std::make_unique<EmbxStreamReader>(std::move(source_name), total_bytes, opt.limit, opt.memory_limit));
        case Format::WinkJson: return make_wink_json_importer(std::move(source_name), opt);
        case Format::Safetensors: return make_safetensors_importer(std::move(source_name), opt, total_bytes);
        case Format::Gguf: return make_gguf_importer(std::move(source_name), opt, total_bytes);
        case Format::GloveText: return make_glove_text_importer(std::move(source_name), opt, total_bytes);
        case Format::Word2VecText:
        case Format::FastTextVec: return make_word2vec_text_importer(std::move(source_name), opt, total_bytes);
        case Format::Word2VecBinary: return make_word2vec_binary_importer(std::move(source_name), opt, total_bytes);
        case Format::ProjectorTsv: return make_projector_tsv_importer(std::move(source_name), opt, total_bytes);
        case Format::Npy: return make_npy_importer(std::move(source_name), opt, total_bytes);
        case Format::Auto: break;
    }
    return Error{"format must be detected before an importer is made"};
}

}  // namespace embx
