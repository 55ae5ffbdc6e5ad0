#include "core/train/text_documents.hpp"

#include <cstdio>

#include "core/byte_size.hpp"
#include "core/tokenizer/unicode_text.hpp"

namespace embx {

namespace {

std::string_view trim_blanks(std::string_view s) {
    const size_t b = s.find_first_not_of(" \t\r\n\f\v");
    if (b == std::string_view::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n\f\v") - b + 1);
}

std::string count(size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

Expected<std::vector<std::string>> split_text_documents(std::string_view name, std::string_view bytes, bool per_line,
                                                        const TextDocumentLimits& limits) {
    const std::string who(name);
    if (bytes.size() > limits.max_file_bytes)
        return Error{who + ": larger than " + human_bytes(limits.max_file_bytes) +
                     ", the most a file may have here (TF-IDF in the Classroom is for small collections; "
                     "`embx tfidf` takes large ones)"};
    if (bytes.size() + limits.bytes_now > limits.max_total_bytes)
        return Error{who + ": with the " + human_bytes(limits.bytes_now) + " of documents already here it would be " +
                     human_bytes(bytes.size() + limits.bytes_now) + ", more than the " +
                     human_bytes(limits.max_total_bytes) + " the Classroom takes; remove some documents first"};
    if (const size_t zero = bytes.find('\0'); zero != std::string_view::npos)
        return Error{who + ": not a text file (a zero byte at byte offset " + std::to_string(zero) + ")"};
    if (const size_t bad = first_invalid_utf8(bytes); bad != std::string_view::npos) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", unsigned(static_cast<unsigned char>(bytes[bad])));
        return Error{who + ": not UTF-8 text (byte " + hex + " at byte offset " + std::to_string(bad) +
                     "); save the file as UTF-8"};
    }
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);  // a byte-order mark

    std::vector<std::string> docs;
    if (per_line) {
        for (size_t i = 0; i <= bytes.size();) {
            size_t end = bytes.find('\n', i);
            if (end == std::string_view::npos) end = bytes.size();
            const std::string_view line = trim_blanks(bytes.substr(i, end - i));
            if (!line.empty()) docs.emplace_back(line);
            i = end + 1;
        }
        if (docs.empty()) return Error{who + ": no text (every line is blank)"};
    } else {
        const std::string_view text = trim_blanks(bytes);
        if (text.empty()) return Error{who + ": no text (the file is empty or blank)"};
        std::string doc(text);
        for (char& c : doc)
            if (c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v') c = ' ';
        docs.push_back(std::move(doc));
    }
    if (limits.documents_now + docs.size() > limits.max_documents)
        return Error{who + ": " + count(docs.size(), "document", "documents") + " (" +
                     (per_line ? "one per line" : "the file") + ") and the " +
                     count(limits.documents_now, "document", "documents") + " already here make more than the " +
                     std::to_string(limits.max_documents) + " the Classroom takes"};
    return docs;
}

}  // namespace embx
