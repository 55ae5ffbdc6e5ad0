#include "formats/sniff_vectors.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "formats/text_numbers.hpp"

namespace embx {

namespace {

std::string lower_extension(std::string_view name) {
    const size_t slash = name.find_last_of("/\\");
    const size_t dot = name.rfind('.');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return "";
    std::string ext(name.substr(dot + 1));
    for (char& c : ext)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return ext;
}

bool is_number(std::string_view s) {
    float v;
    const ValueScan scan = scan_blank_separated(s.data(), s.data() + s.size(), &v, 1);
    return scan.problem == ValueProblem::None && scan.count == 1;
}

bool is_whole_number(std::string_view s) {
    uint64_t v;
    return parse_whole_number(s, UINT64_MAX, v) == WholeNumber::Ok;
}

std::vector<std::string_view> split(std::string_view s, const char* separators) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && std::strchr(separators, s[i])) ++i;
        if (i == s.size()) break;
        const size_t start = i;
        while (i < s.size() && !std::strchr(separators, s[i])) ++i;
        out.push_back(s.substr(start, i - start));
    }
    return out;
}

// After "V D\n": the first word, a space, then either text numbers or raw float bytes.
VectorFileKind word2vec_flavour(const uint8_t* p, size_t n, const std::string& ext) {
    const auto* space = static_cast<const uint8_t*>(std::memchr(p, ' ', n));
    const size_t after = space ? size_t(space - p) + 1 : n;
    const size_t look = std::min<size_t>(16, n - after);
    if (look == 0) return ext == "bin" ? VectorFileKind::Word2VecBinary
                        : ext == "vec" ? VectorFileKind::FastTextVec
                                       : VectorFileKind::Word2VecText;
    for (size_t i = 0; i < look; ++i) {
        const uint8_t c = p[after + i];
        if (c == '\n') break;
        if (c == 0 || !std::strchr("0123456789+-.eE \t\r", c)) return VectorFileKind::Word2VecBinary;
    }
    return ext == "vec" ? VectorFileKind::FastTextVec : VectorFileKind::Word2VecText;
}

VectorFileKind by_extension(const std::string& ext) {
    if (ext == "npy") return VectorFileKind::Npy;
    if (ext == "bin") return VectorFileKind::Word2VecBinary;
    if (ext == "vec") return VectorFileKind::FastTextVec;
    if (ext == "tsv") return VectorFileKind::ProjectorTsv;
    if (ext == "txt") return VectorFileKind::GloveText;
    return VectorFileKind::Unknown;
}

}  // namespace

VectorFileKind sniff_vector_file(const uint8_t* head, size_t n, std::string_view file_name) {
    const std::string ext = lower_extension(file_name);
    if (n >= 6 && std::memcmp(head, "\x93NUMPY", 6) == 0) return VectorFileKind::Npy;
    size_t i = 0;
    if (n >= 3 && std::memcmp(head, "\xEF\xBB\xBF", 3) == 0) i = 3;
    const auto* nl = static_cast<const uint8_t*>(std::memchr(head + i, '\n', n - i));
    const bool complete = nl != nullptr;
    std::string_view line(reinterpret_cast<const char*>(head + i), size_t((nl ? nl : head + n) - (head + i)));
    if (complete && !line.empty() && line.back() == '\r') line.remove_suffix(1);

    if (line.find('\t') != std::string_view::npos) {
        std::vector<std::string_view> fields = split(line, "\t");
        if (!complete && !fields.empty()) fields.pop_back();  // may be cut by the end of `head`
        bool numbers = !fields.empty();
        for (auto f : fields) numbers = numbers && is_number(f);
        if (numbers) return VectorFileKind::ProjectorTsv;
    } else {
        std::vector<std::string_view> tokens = split(line, " ");
        if (complete && tokens.size() == 2 && is_whole_number(tokens[0]) && is_whole_number(tokens[1]))
            return word2vec_flavour(nl + 1, size_t(head + n - (nl + 1)), ext);
        if (!complete && !tokens.empty()) tokens.pop_back();
        if (tokens.size() >= 2) {
            bool numbers = true;
            for (size_t t = 1; t < tokens.size(); ++t) numbers = numbers && is_number(tokens[t]);
            if (numbers) return VectorFileKind::GloveText;
        }
        if (complete && tokens.size() == 1 && is_number(tokens[0])) return VectorFileKind::ProjectorTsv;
    }
    return by_extension(ext);
}

}  // namespace embx
