#include "core/tokenizer/byte_level.hpp"

#include <array>

#include "core/tokenizer/unicode_text.hpp"

namespace embx {

namespace {

bool printable_latin1(unsigned b) { return (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE; }

const std::array<char32_t, 256>& table() {
    static const std::array<char32_t, 256> t = [] {
        std::array<char32_t, 256> m{};
        char32_t next = 256;
        for (unsigned b = 0; b < 256; ++b) m[b] = printable_latin1(b) ? char32_t(b) : next++;
        return m;
    }();
    return t;
}

}  // namespace

char32_t byte_to_unicode(unsigned char b) { return table()[b]; }

std::string byte_level_encode(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char c : bytes) append_utf8(out, table()[static_cast<unsigned char>(c)]);
    return out;
}

std::optional<std::string> byte_level_decode(std::string_view text) {
    std::string out;
    for (size_t i = 0, len = 0; i < text.size(); i += len) {
        const char32_t cp = decode_utf8_at(text, i, len);
        if (cp < 256 && printable_latin1(unsigned(cp))) out.push_back(char(cp));
        else if (cp >= 256 && cp < 256 + 68) {
            // The n-th non-printable byte maps to 256 + n: find it.
            unsigned n = unsigned(cp - 256), b = 0;
            for (;; ++b)
                if (!printable_latin1(b) && n-- == 0) break;
            out.push_back(char(b));
        } else {
            return std::nullopt;
        }
    }
    return out;
}

}  // namespace embx
