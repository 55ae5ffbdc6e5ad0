#include "formats/text_vectors.hpp"

#include <algorithm>
#include <vector>

#include "formats/embx_layout.hpp"
#include "formats/line_errors.hpp"
#include "formats/line_splitter.hpp"
#include "formats/table_builder.hpp"
#include "formats/table_fit.hpp"
#include "formats/text_numbers.hpp"
#include "formats/word2vec_header.hpp"

namespace embx {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

class TextVectorsImporter final : public Importer {
public:
    TextVectorsImporter(std::string name, const ImportOptions& opt, uint64_t total, bool has_header)
        : name_(name), total_(total), has_header_(has_header), lines_(name), builder_(name, opt), errors_(name) {}

    Status feed(const uint8_t* data, size_t n) override {
        if (!error_.ok() || done_) return error_;
        Status s = lines_.feed(data, n, [this](const TextLine& l) { return on_line(l); });
        if (!s.ok()) error_ = s;
        return error_;
    }

    Status finish() override {
        if (!error_.ok() || done_) return error_;
        lines_.finish([this](const TextLine& l) { return on_line(l); });
        if (!error_.ok() || done_) return error_;
        const std::string at = name_ + ": byte " + std::to_string(lines_.bytes_seen()) + ": ";
        if (lines_.bytes_seen() == 0) return error_ = Error{at + "file is empty"};
        if (has_header_ && !header_done_) return error_ = Error{at + "file has no header line 'rows dims'"};
        if (has_header_ && rows_read_ < announced_)
            return error_ = Error{at + "file ends after " + std::to_string(rows_read_) + " of the " +
                                  std::to_string(announced_) + " rows its header announces (cut short?)"};
        if (rows_read_ == 0) return error_ = Error{at + "file has no rows"};
        builder_.finish(notes_);
        done_ = true;
        return error_;
    }

    std::shared_ptr<EmbeddingTable> table() const override { return builder_.table(); }
    bool complete() const override { return done_ && error_.ok(); }

private:
    bool fail(const TextLine& l, const char* at, const std::string& what) {
        error_ = errors_.at(l, at, what);
        return false;
    }

    bool on_line(const TextLine& l) {
        switch (errors_.classify(l)) {
            case LineErrors::Line::Blank: return true;  // fine at the end of the file
            case LineErrors::Line::RowAfterBlank: error_ = errors_.blank_line_error(); return false;
            case LineErrors::Line::Row: break;
        }
        if (has_header_ && !header_done_) return parse_header(l);
        return parse_row(l);
    }

    bool parse_header(const TextLine& l) {
        const Word2VecHeader h = parse_word2vec_header(l.text);
        if (!h.ok) return fail(l, l.text.data() + h.at, h.problem);
        const uint64_t rows = h.rows, dims = h.dims;
        // The shortest row is "w 0 0 ... 0": 2·D + 1 bytes and a newline (none after the last).
        // Both counts are capped, so the product cannot overflow.
        const uint64_t after = lines_.next_line_offset();
        const uint64_t least = rows * (2 * dims + 2) - 1;
        if (total_ && least > total_ - std::min(total_, after))
            return fail(l, l.text.data(), "the header announces " + std::to_string(rows) + " rows of " +
                                              std::to_string(dims) + " values, which need at least " +
                                              std::to_string(least) + " bytes, but the file has " +
                                              std::to_string(total_ - std::min(total_, after)) + " after the header");
        announced_ = rows;
        header_done_ = true;
        return begin(l, uint32_t(dims), rows);
    }

    bool begin(const TextLine& l, uint32_t dims, uint64_t announced) {
        dims_ = dims;
        values_.assign(dims, 0.0f);
        if (Status s = builder_.start(dims, announced, total_ != 0); !s.ok()) return fail(l, l.text.data(), s.error());
        return true;
    }

    bool parse_row(const TextLine& l) {
        const char* p = l.text.data();
        const char* const end = p + l.text.size();
        const char* word_end = p;
        while (word_end < end && !is_blank(*word_end)) ++word_end;
        const std::string_view word(p, size_t(word_end - p));
        if (word.empty()) return fail(l, p, "row starts with a blank where its word should be");

        if (!builder_.started()) {  // GloVe: line 1 sets the width
            const size_t count = count_blank_separated(word_end, end);
            if (count == 0) return fail(l, word_end, "row " + quoted(word) + " has no values");
            if (count > embx_format::kMaxDims)
                return fail(l, word_end, "row has " + std::to_string(count) + " values; at most " +
                                             std::to_string(embx_format::kMaxDims) + " are supported");
            first_line_is_header_ = parse_word2vec_header(l.text).ok;
            if (!begin(l, uint32_t(count), 0)) return false;
        }

        const ValueScan s = scan_blank_separated(word_end, end, values_.data(), dims_);
        if (s.problem != ValueProblem::None)
            return fail(l, s.bad.data(), describe_value_problem(s) + " (row " + quoted(word) + ")");
        if (s.count != dims_) {
            std::string what = "row has " + std::to_string(s.count) + " values, expected " + std::to_string(dims_) +
                               (has_header_ ? " (from the header)" : " (from line 1)");
            if (!has_header_ && l.number == 2 && first_line_is_header_)
                what += "; line 1 looks like a word2vec header 'rows dims': read the file as word2vec text";
            return fail(l, p, what);
        }
        if (has_header_ && rows_read_ == announced_)
            return fail(l, p, "more rows than the " + std::to_string(announced_) + " the header announces");
        ++rows_read_;
        if (builder_.add(word, values_.data()) == TableBuilder::Added::NoMemory)
            return fail(l, p, out_of_memory(*builder_.table()));
        if (!has_header_) builder_.estimate_from_lines(l.number, l.offset + l.text.size() + 1, total_);
        if (builder_.full()) {  // --limit reached: the rest of the file is not needed
            builder_.finish(notes_);
            done_ = true;
            return false;
        }
        return true;
    }

    std::string name_;
    uint64_t total_;
    bool has_header_;
    LineSplitter lines_;
    TableBuilder builder_;
    Status error_;
    bool done_ = false;
    bool header_done_ = false;
    bool first_line_is_header_ = false;  // GloVe: line 1 reads as "V D" (a hint for errors)
    uint64_t announced_ = 0, rows_read_ = 0;
    LineErrors errors_;
    uint32_t dims_ = 0;
    std::vector<float> values_;
};

}  // namespace

std::unique_ptr<Importer> make_glove_text_importer(std::string source_name, const ImportOptions& opt,
                                                   uint64_t total_bytes) {
    return std::make_unique<TextVectorsImporter>(std::move(source_name), opt, total_bytes, false);
}

std::unique_ptr<Importer> make_word2vec_text_importer(std::string source_name, const ImportOptions& opt,
                                                      uint64_t total_bytes) {
    return std::make_unique<TextVectorsImporter>(std::move(source_name), opt, total_bytes, true);
}

}  // namespace embx
