#include "cli/vocab_file.hpp"

#include "io/whole_file.hpp"
#include "formats/vocabulary_file.hpp"

namespace embx::cli {

namespace {

bool has_tsv_extension(const std::string& path) {
    if (path.size() < 4) return false;
    std::string ext = path.substr(path.size() - 4);
    for (char& c : ext)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return ext == ".tsv";
}

}  // namespace

Expected<std::shared_ptr<const std::vector<std::string>>> load_vocabulary_file(const std::string& path) {
    auto text = io::read_whole_file(path, size_t(1) << 30);
    if (!text) return Error{text.error()};
    const auto* bytes = reinterpret_cast<const uint8_t*>(text->data());
    auto names = has_tsv_extension(path) ? parse_projector_metadata(path, bytes, text->size())
                                         : parse_vocabulary_lines(path, bytes, text->size());
    if (!names) return Error{names.error()};
    return std::make_shared<const std::vector<std::string>>(std::move(*names));
}

}  // namespace embx::cli
