// What the line-based vector importers (GloVe / word2vec / fastText text, Projector TSV) share:
// errors that name the line and the byte, and the rule that blank lines may only end a file
// (a blank line between rows usually means two files were glued together).
#pragma once

#include <cstdint>
#include <string>

#include "core/status.hpp"
#include "formats/line_splitter.hpp"

namespace embx {

class LineErrors {
public:
    explicit LineErrors(std::string source_name) : name_(std::move(source_name)) {}

    // "name: line N (byte B): what"
    Error at(uint64_t line, uint64_t offset, const std::string& what) const {
        return Error{name_ + ": line " + std::to_string(line) + " (byte " + std::to_string(offset) + "): " + what};
    }
    // The same, pointing at `p` inside the line's text.
    Error at(const TextLine& l, const char* p, const std::string& what) const {
        return at(l.number, l.offset + uint64_t(p - l.text.data()), what);
    }

    enum class Line { Row, Blank, RowAfterBlank };
    // Sorts each line in file order; a blank one (spaces and tabs only) is remembered so that
    // a row after it can be refused with blank_line_error().
    Line classify(const TextLine& l) {
        for (char c : l.text)
            if (c != ' ' && c != '\t') return blank_line_ ? Line::RowAfterBlank : Line::Row;
        if (!blank_line_) {
            blank_line_ = l.number;
            blank_offset_ = l.offset;
        }
        return Line::Blank;
    }
    Error blank_line_error() const { return at(blank_line_, blank_offset_, "blank line before or between rows"); }

private:
    std::string name_;
    uint64_t blank_line_ = 0, blank_offset_ = 0;
};

}  // namespace embx
