#include "formats/table_builder.hpp"

#include <algorithm>

#include "formats/table_fit.hpp"
#include "formats/text_numbers.hpp"

namespace embx {

namespace {
constexpr size_t kDuplicateExamples = 5;
}

TableBuilder::TableBuilder(std::string source_name, const ImportOptions& opt)
    : name_(std::move(source_name)),
      dtype_(opt.dtype),
      limit_(opt.limit),
      memory_limit_(opt.memory_limit),
      vocabulary_(opt.vocabulary) {}

Status TableBuilder::start(uint32_t dims, uint64_t announced_rows, bool rows_are_proven) {
    const uint64_t rows = limit_ && announced_rows ? std::min(limit_, announced_rows) : announced_rows;
    if (Status fits = check_table_fits(name_, rows, dtype_, dims, memory_limit_); !fits.ok()) return fits;
    TableInfo info;
    info.name = name_;
    info.dtype = dtype_;
    info.dims = dims;
    info.expected_rows = rows;
    info.memory_limit = memory_limit_;
    table_ = std::make_shared<EmbeddingTable>(std::move(info));
    if (rows_are_proven && rows && !table_->reserve_rows(size_t(rows)))
        return Error{name_ + ": not enough memory for " + std::to_string(rows) + " rows"};
    return Status::success();
}

void TableBuilder::reserve_estimate(uint64_t rows) {
    if (limit_) rows = std::min(rows, limit_);
    if (rows > table_->rows()) (void)table_->reserve_rows(size_t(rows - table_->rows()));
}

void TableBuilder::estimate_from_lines(uint64_t lines, uint64_t bytes, uint64_t total) {
    if (estimated_ || total == 0 || lines < kEstimateLines || bytes == 0) return;
    estimated_ = true;
    const uint64_t average = std::max<uint64_t>(1, bytes / lines);
    reserve_estimate(total / average / 4 * 5 + 1);
}

TableBuilder::Added TableBuilder::add(std::string_view word, const float* values) {
    if (table_->vocab().find(word)) {
        ++duplicates_;
        if (duplicate_examples_.size() < kDuplicateExamples) duplicate_examples_.push_back(quoted(word));
        return Added::Duplicate;
    }
    if (table_->append_float_row(word, values) == EmbeddingTable::Append::NoMemory) return Added::NoMemory;
    return Added::Row;
}

std::string_view TableBuilder::matrix_row_name(uint64_t r) {
    if (vocabulary_ && r < vocabulary_->size()) return (*vocabulary_)[size_t(r)];
    row_name_ = "<row " + std::to_string(r) + ">";
    return row_name_;
}

void TableBuilder::note_vocabulary_fit(uint64_t rows, bool rows_is_total, std::vector<std::string>& notes) {
    const std::string matrix = "the matrix has " + std::to_string(rows) + " rows";
    if (!vocabulary_) {
        notes.push_back("the file holds no words and no vocabulary was given: rows are named "
                        "<row 0> to <row " + std::to_string(rows ? rows - 1 : 0) + ">");
        return;
    }
    const uint64_t names = vocabulary_->size();
    const std::string has = "the vocabulary has " + std::to_string(names) + " tokens but " + matrix;
    if (names < rows)
        notes.push_back(has + ": rows " + std::to_string(names) + ".." + std::to_string(rows - 1) +
                        " are named <row N>");
    else if (names > rows && rows_is_total)
        notes.push_back(has + ": the last " + std::to_string(names - rows) +
                        " tokens have no row and are ignored");
}

void TableBuilder::finish(std::vector<std::string>& notes) {
    if (finished_) return;
    finished_ = true;
    if (duplicates_) {
        std::string note = "skipped " + std::to_string(duplicates_) + " row" +
                           (duplicates_ == 1 ? "" : "s") +
                           " whose word repeats an earlier row (the first row of each word is kept): ";
        for (size_t i = 0; i < duplicate_examples_.size(); ++i)
            note += (i ? ", " : "") + duplicate_examples_[i];
        if (duplicates_ > duplicate_examples_.size()) note += ", ...";
        notes.push_back(std::move(note));
    }
    if (table_ && table_->rows() < table_->info().expected_rows) table_->set_expected_rows(table_->rows());
}

}  // namespace embx
