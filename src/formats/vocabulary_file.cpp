#include "formats/vocabulary_file.hpp"

#include <algorithm>

#include "formats/embx_layout.hpp"
#include "formats/line_splitter.hpp"

namespace embx {

namespace {

std::string at_line(const std::string& name, const TextLine& l) {
    return name + ": line " + std::to_string(l.number) + " (byte " + std::to_string(l.offset) + "): ";
}

size_t columns_of(std::string_view s) { return size_t(std::count(s.begin(), s.end(), '\t')) + 1; }

// Runs every line of the file through `on_line` (which returns false after storing an error).
template <typename OnLine>
Status for_each_line(const std::string& name, const uint8_t* data, size_t n, const Status& error,
                     OnLine&& on_line) {
    if (n == 0) return Error{name + ": byte 0: file is empty"};
    LineSplitter lines(name);
    if (Status s = lines.feed(data, n, on_line); !s.ok()) return s;
    if (!error.ok()) return error;
    lines.finish(on_line);
    return error;
}

}  // namespace

Expected<std::vector<std::string>> parse_vocabulary_lines(const std::string& source_name,
                                                          const uint8_t* data, size_t n) {
    std::vector<std::string> names;
    Status error;
    Status s = for_each_line(source_name, data, n, error, [&](const TextLine& l) {
        if (names.size() >= embx_format::kMaxRows) {
            error = Error{at_line(source_name, l) + "more than " + std::to_string(embx_format::kMaxRows) + " names"};
            return false;
        }
        names.emplace_back(l.text);
        return true;
    });
    if (!s.ok()) return Error{s.error()};
    if (names.empty()) return Error{source_name + ": byte 0: file holds no names"};
    return names;
}

Expected<std::vector<std::string>> parse_projector_metadata(const std::string& source_name,
                                                            const uint8_t* data, size_t n) {
    std::vector<std::string> names;
    Status error;
    size_t columns = 0;                       // from line 1
    uint64_t blank_line = 0, blank_offset = 0;  // a blank line seen in a multi-column file
    Status s = for_each_line(source_name, data, n, error, [&](const TextLine& l) {
        if (l.number == 1) {
            columns = columns_of(l.text);
            if (columns > 1) return true;  // the header
        }
        if (names.size() >= embx_format::kMaxRows) {
            error = Error{at_line(source_name, l) + "more than " + std::to_string(embx_format::kMaxRows) + " names"};
            return false;
        }
        if (columns == 1) {
            names.emplace_back(l.text);
            return true;
        }
        if (l.text.empty()) {  // allowed only at the end of the file
            if (!blank_line) {
                blank_line = l.number;
                blank_offset = l.offset;
            }
            return true;
        }
        if (blank_line) {
            error = Error{source_name + ": line " + std::to_string(blank_line) + " (byte " +
                          std::to_string(blank_offset) + "): blank line between rows"};
            return false;
        }
        const size_t c = columns_of(l.text);
        if (c != columns) {
            error = Error{at_line(source_name, l) + "line has " + std::to_string(c) + " columns, expected " +
                          std::to_string(columns) + " (from the header on line 1)"};
            return false;
        }
        names.emplace_back(l.text.substr(0, l.text.find('\t')));
        return true;
    });
    if (!s.ok()) return Error{s.error()};
    if (names.empty())
        return Error{source_name + ": byte 0: file holds no labels" + (columns > 1 ? " (only a header line)" : "")};
    return names;
}

}  // namespace embx
