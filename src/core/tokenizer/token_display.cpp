#include "core/tokenizer/token_display.hpp"

#include <cstdio>

#include "core/tokenizer/byte_level.hpp"
#include "core/tokenizer/text_chars.hpp"
#include "core/tokenizer/tokenizer.hpp"
#include "core/tokenizer/unicode_text.hpp"

namespace embx {

namespace {

void append_byte(std::string& out, unsigned char b) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "<0x%02X>", b);
    out += buf;
}

bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0x2028 || c == 0x2029; }

}  // namespace

std::string visible_bytes(std::string_view bytes) {
    std::string out;
    for (size_t i = 0, len = 0; i < bytes.size(); i += len) {
        const char32_t c = decode_utf8_lossy_at(bytes, i, len);
        const bool invalid = c == 0xFFFD && !(len == 3 && bytes.compare(i, 3, "\xEF\xBF\xBD") == 0);
        if (invalid) {
            for (size_t k = 0; k < len; ++k) append_byte(out, static_cast<unsigned char>(bytes[i + k]));
        } else if (c == ' ') {
            out += "\xE2\x90\xA3";  // ␣
        } else if (c == '\n') {
            out += "\xE2\x86\xB5";  // ↵
        } else if (c == '\t') {
            out += "\xE2\x87\xA5";  // ⇥
        } else if (is_control(c)) {
            for (size_t k = 0; k < len; ++k) append_byte(out, static_cast<unsigned char>(bytes[i + k]));
        } else {
            out.append(bytes.substr(i, len));
        }
    }
    return out;
}

std::string visible_token(const Tokenizer& tok, uint32_t id) {
    if (id >= tok.vocab_size()) return "(id " + std::to_string(id) + " past the vocabulary)";
    const std::string& s = tok.token(id);
    bool added = false;
    for (const AddedToken& a : tok.added_tokens()) added |= a.id == id;
    if (added) return visible_bytes(s);
    if (tok.kind() == "byte-level BPE") {
        if (auto bytes = byte_level_decode(s)) return visible_bytes(*bytes);
        return visible_bytes(s);
    }
    std::string out;
    for (size_t i = 0; i < s.size();) {
        if (s.compare(i, 3, "\xE2\x96\x81") == 0) {  // ▁
            out += "\xE2\x90\xA3";
            i += 3;
            continue;
        }
        size_t len = 0;
        decode_utf8_lossy_at(s, i, len);
        out += visible_bytes(s.substr(i, len));
        i += len;
    }
    return out;
}

}  // namespace embx
