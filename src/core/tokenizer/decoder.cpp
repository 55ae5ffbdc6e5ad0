// Decoder steps of a tokenizer.json, over the token strings of a sequence of ids.
#include <string>
#include <vector>

#include "core/tokenizer/byte_level.hpp"
#include "core/tokenizer/text_chars.hpp"
#include "core/tokenizer/tokenizer.hpp"
#include "core/tokenizer/unicode_text.hpp"

namespace embx {

namespace {

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    if (from.empty()) return;
    for (size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) s.replace(at, from.size(), to);
}

// Bytes to text as TextDecoder would: invalid sequences become U+FFFD.
std::string lossy(const std::string& bytes) { return encode_chars(decode_chars(bytes)); }

int byte_of(const std::string& t) {  // "<0x41>" -> 65, else -1
    if (t.size() != 6 || t.compare(0, 3, "<0x") != 0 || t[5] != '>') return -1;
    int v = 0;
    for (size_t i = 3; i < 5; ++i) {
        const char c = t[i];
        const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

std::vector<std::string> byte_level(const std::vector<std::string>& tokens) {
    // One string: byte-level characters back to bytes (others keep their UTF-8), then text.
    std::string bytes;
    for (const std::string& t : tokens) {
        for (size_t i = 0, len = 0; i < t.size(); i += len) {
            const char32_t c = decode_utf8_at(t, i, len);
            std::string one;
            append_utf8(one, c);
            const auto b = byte_level_decode(one);
            bytes += b ? *b : t.substr(i, len);
        }
    }
    return {lossy(bytes)};
}

std::vector<std::string> byte_fallback(const std::vector<std::string>& tokens) {
    std::vector<std::string> out;
    std::string pending;
    const auto flush = [&] {
        if (!pending.empty()) out.push_back(lossy(pending));
        pending.clear();
    };
    for (const std::string& t : tokens) {
        const int b = byte_of(t);
        if (b >= 0) pending += char(b);
        else {
            flush();
            out.push_back(t);
        }
    }
    flush();
    return out;
}

std::vector<std::string> wordpiece(const std::vector<std::string>& tokens, const DecoderStep& s) {
    std::string out;
    for (size_t i = 0; i < tokens.size(); ++i) {
        std::string t = tokens[i];
        if (i > 0) {
            if (t.compare(0, s.prefix.size(), s.prefix) == 0) t.erase(0, s.prefix.size());
            else t.insert(0, " ");
        }
        out += t;
    }
    if (s.cleanup) {
        for (const char* p : {" .", " ?", " !", " ,"}) replace_all(out, p, std::string(p + 1));
        replace_all(out, " ' ", "'");
        replace_all(out, " n't", "n't");
        replace_all(out, " 'm", "'m");
        replace_all(out, " 's", "'s");
        replace_all(out, " 've", "'ve");
        replace_all(out, " 're", "'re");
    }
    return {out};
}

}  // namespace

std::string run_decoder(const std::vector<DecoderStep>& steps, std::vector<std::string> tokens) {
    for (const DecoderStep& s : steps) {
        using K = DecoderStep::Kind;
        switch (s.kind) {
            case K::ByteLevel: tokens = byte_level(tokens); break;
            case K::ByteFallback: tokens = byte_fallback(tokens); break;
            case K::Fuse: {
                std::string all;
                for (const std::string& t : tokens) all += t;
                tokens.assign(1, all);
                break;
            }
            case K::Replace:
                for (std::string& t : tokens) replace_all(t, s.pattern, s.content);
                break;
            case K::Metaspace:
                for (size_t i = 0; i < tokens.size(); ++i) {
                    replace_all(tokens[i], s.replacement, " ");
                    if (i == 0 && s.add_prefix_space && !tokens[i].empty() && tokens[i][0] == ' ') tokens[i].erase(0, 1);
                }
                break;
            case K::Strip:
                for (std::string& t : tokens) {
                    for (size_t k = 0; k < s.start && t.compare(0, s.content.size(), s.content) == 0 && !s.content.empty(); ++k)
                        t.erase(0, s.content.size());
                    for (size_t k = 0; k < s.stop && t.size() >= s.content.size() && !s.content.empty() &&
                                       t.compare(t.size() - s.content.size(), s.content.size(), s.content) == 0;
                         ++k)
                        t.erase(t.size() - s.content.size());
                }
                break;
            case K::WordPiece: tokens = wordpiece(tokens, s); break;
        }
    }
    std::string out;
    for (const std::string& t : tokens) out += t;
    return out;
}

}  // namespace embx
