// Turns bytes fed in chunks of any size into lines, for the text importers (GloVe, word2vec,
// fastText, TSV) and the vocabulary files.
//
// Lines that lie inside one chunk are handed out in place (no copy); only a line cut by a
// chunk boundary is assembled in a buffer that keeps its capacity, so a large file costs no
// allocation per line. Each line comes without its '\n' and without a '\r' before it (CRLF
// files are accepted), and line 1 without a UTF-8 byte order mark. A line longer than the
// cap is an error as soon as the cap is passed, so memory never grows with a line that never
// ends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace embx {

struct TextLine {
    std::string_view text;
    uint64_t number = 0;  // 1-based
    uint64_t offset = 0;  // file offset of text[0]
};

class LineSplitter {
public:
    static constexpr size_t kMaxLineBytes = size_t(1) << 20;

    explicit LineSplitter(std::string source_name, size_t max_line_bytes = kMaxLineBytes)
        : name_(std::move(source_name)), max_(max_line_bytes) {}

    // Calls `on_line(const TextLine&)` for every complete line. When it returns false the
    // splitter stops and ignores everything after that line (the caller has seen enough or
    // has found an error it reports itself).
    template <typename OnLine>
    Status feed(const uint8_t* data, size_t n, OnLine&& on_line);

    // End of input: hands out the last line if it had no '\n'.
    template <typename OnLine>
    Status finish(OnLine&& on_line);

    bool stopped() const { return stopped_; }
    uint64_t lines_seen() const { return line_number_ - 1; }
    uint64_t bytes_seen() const { return bytes_seen_; }
    // Where the line after the one being handed out starts (inside on_line: the bytes of the
    // file that follow the current line).
    uint64_t next_line_offset() const { return line_offset_; }

private:
    Status too_long() const {
        return Error{name_ + ": line " + std::to_string(line_number_) + " (byte " +
                     std::to_string(line_offset_) + "): line is longer than " +
                     std::to_string(max_) + " bytes"};
    }

    template <typename OnLine>
    bool emit(std::string_view raw, OnLine& on_line) {
        TextLine line{raw, line_number_, line_offset_};
        if (line_number_ == 1 && raw.size() >= 3 && std::memcmp(raw.data(), "\xEF\xBB\xBF", 3) == 0) {
            line.text.remove_prefix(3);
            line.offset += 3;
        }
        if (!line.text.empty() && line.text.back() == '\r') line.text.remove_suffix(1);
        ++line_number_;
        line_offset_ += raw.size() + 1;
        if (!on_line(static_cast<const TextLine&>(line))) stopped_ = true;
        return !stopped_;
    }

    std::string name_;
    size_t max_;
    std::string carry_;  // the start of a line cut by a chunk boundary
    uint64_t line_number_ = 1;
    uint64_t line_offset_ = 0;  // of the line being assembled
    uint64_t bytes_seen_ = 0;
    bool stopped_ = false;
};

template <typename OnLine>
Status LineSplitter::feed(const uint8_t* data, size_t n, OnLine&& on_line) {
    const char* p = reinterpret_cast<const char*>(data);
    const char* const end = p + n;
    if (!stopped_) bytes_seen_ += n;
    while (p < end && !stopped_) {
        const auto* nl = static_cast<const char*>(std::memchr(p, '\n', size_t(end - p)));
        const size_t piece = size_t((nl ? nl : end) - p);
        if (carry_.size() + piece > max_) return too_long();
        if (!nl) {
            carry_.append(p, piece);
            break;
        }
        if (carry_.empty()) {
            emit(std::string_view(p, piece), on_line);
        } else {
            carry_.append(p, piece);
            emit(carry_, on_line);
            carry_.clear();
        }
        p = nl + 1;
    }
    return Status::success();
}

template <typename OnLine>
Status LineSplitter::finish(OnLine&& on_line) {
    if (!stopped_ && !carry_.empty()) {
        emit(carry_, on_line);
        carry_.clear();
    }
    return Status::success();
}

}  // namespace embx
