#include "formats/projector_tsv.hpp"

#include <algorithm>
#include <vector>

#include "formats/embx_layout.hpp"
#include "formats/line_errors.hpp"
#include "formats/line_splitter.hpp"
#include "formats/table_builder.hpp"
#include "formats/table_fit.hpp"
#include "formats/text_numbers.hpp"

namespace embx {

namespace {

class ProjectorTsvImporter final : public Importer {
public:
    ProjectorTsvImporter(std::string name, const ImportOptions& opt, uint64_t total)
        : name_(name), total_(total), lines_(name), builder_(name, opt), errors_(name) {}

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
        if (rows_read_ == 0) return error_ = Error{at + "file has no rows"};
        builder_.note_vocabulary_fit(rows_read_, true, notes_);
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
        const char* p = l.text.data();
        const char* const end = p + l.text.size();
        if (!builder_.started()) {  // line 1 sets the width
            const size_t count = size_t(std::count(p, end, '\t')) + 1;
            if (count > embx_format::kMaxDims)
                return fail(l, p, "row has " + std::to_string(count) + " values; at most " +
                                      std::to_string(embx_format::kMaxDims) + " are supported");
            dims_ = uint32_t(count);
            values_.assign(dims_, 0.0f);
            if (Status s = builder_.start(dims_, 0, false); !s.ok()) return fail(l, p, s.error());
        }
        const ValueScan s = scan_tab_separated(p, end, values_.data(), dims_);
        if (s.problem != ValueProblem::None)
            return fail(l, s.bad.empty() ? p : s.bad.data(), describe_value_problem(s));
        if (s.count != dims_)
            return fail(l, p, "row has " + std::to_string(s.count) + " values, expected " +
                                  std::to_string(dims_) + " (from line 1)");
        if (rows_read_ >= embx_format::kMaxRows)
            return fail(l, p, "more than " + std::to_string(embx_format::kMaxRows) + " rows");
        const std::string_view name = builder_.matrix_row_name(rows_read_);
        ++rows_read_;
        if (builder_.add(name, values_.data()) == TableBuilder::Added::NoMemory)
            return fail(l, p, out_of_memory(*builder_.table()));
        builder_.estimate_from_lines(l.number, l.offset + l.text.size() + 1, total_);
        if (builder_.full()) {  // --limit reached: the rest of the file is not needed
            builder_.note_vocabulary_fit(rows_read_, false, notes_);
            builder_.finish(notes_);
            done_ = true;
            return false;
        }
        return true;
    }

    std::string name_;
    uint64_t total_;  // 0 = unknown
    LineSplitter lines_;
    TableBuilder builder_;
    Status error_;
    bool done_ = false;
    uint64_t rows_read_ = 0;
    LineErrors errors_;
    uint32_t dims_ = 0;
    std::vector<float> values_;
};

}  // namespace

std::unique_ptr<Importer> make_projector_tsv_importer(std::string source_name, const ImportOptions& opt,
                                                      uint64_t total_bytes) {
    return std::make_unique<ProjectorTsvImporter>(std::move(source_name), opt, total_bytes);
}

}  // namespace embx
