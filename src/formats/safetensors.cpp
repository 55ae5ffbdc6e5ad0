#include "formats/safetensors.hpp"

#include <algorithm>
#include <vector>

#include "formats/byte_order.hpp"
#include "formats/embedding_tensor_choice.hpp"
#include "formats/embx_layout.hpp"
#include "formats/table_fit.hpp"
#include "formats/safetensors_header.hpp"
#include "formats/tensor_rows.hpp"

namespace embx {

namespace {

// __metadata__ is copied into the table, within reason: the .embx metadata section is small.
constexpr size_t kMaxMetaEntries = 64;
constexpr size_t kMaxMetaValueBytes = 4096;

bool element_of(const std::string& dtype, TensorElement& out) {
    if (dtype == "BF16") out = TensorElement::BF16;
    else if (dtype == "F16") out = TensorElement::F16;
    else if (dtype == "F32") out = TensorElement::F32;
    else return false;
    return true;
}

}  // namespace

Expected<SafetensorsTable> start_safetensors_table(const std::string& source, const SafetensorsTensor& t,
                                                   uint64_t data_start, const std::string& reason,
                                                   std::vector<std::pair<std::string, std::string>> metadata,
                                                   const ImportOptions& opt, bool rows_proven) {
    SafetensorsTable out;
    const std::string who = "tensor '" + t.name + "'";
    if (t.shape.size() != 2)
        return Error{who + " has " + std::to_string(t.shape.size()) + " dimensions; an embedding matrix has 2 (rows x dims)"};
    const uint64_t rows = t.shape[0], dims = t.shape[1];
    if (rows == 0 || dims == 0)
        return Error{who + " has a zero dimension (" + std::to_string(rows) + " x " + std::to_string(dims) + ")"};
    if (dims > embx_format::kMaxDims)
        return Error{who + " has " + std::to_string(dims) + " columns; at most " + std::to_string(embx_format::kMaxDims) +
                     " are supported"};
    if (rows > embx_format::kMaxRows)
        return Error{who + " has " + std::to_string(rows) + " rows; at most " + std::to_string(embx_format::kMaxRows) +
                     " are supported"};
    TensorElement element;
    if (!element_of(t.dtype, element)) return Error{who + " has dtype " + t.dtype + "; only BF16, F16 and F32 can be imported"};

    out.notes.push_back("using " + who + " (" + t.dtype + ", " + std::to_string(rows) + " x " + std::to_string(dims) +
                        "): " + reason);
    if (opt.vocabulary) {
        const auto note = vocabulary_size_note(opt.vocabulary->size(), rows, "the given vocabulary");
        if (!note.empty()) out.notes.push_back(note);
    } else {
        out.notes.push_back("no vocabulary was given: rows are named <row 0> .. <row " + std::to_string(rows - 1) + ">");
    }
    const uint64_t keep = opt.limit ? std::min(opt.limit, rows) : rows;
    if (Status fits = check_table_fits(who, keep, opt.dtype, uint32_t(dims), opt.memory_limit); !fits.ok())
        return Error{fits.error()};

    TableInfo info;
    info.name = source;
    info.dtype = opt.dtype;
    info.dims = uint32_t(dims);
    info.expected_rows = keep;
    info.memory_limit = opt.memory_limit;
    info.metadata = {{"format", "safetensors"},
                     {"tensor", t.name},
                     {"shape", std::to_string(rows) + " x " + std::to_string(dims)},
                     {"source_dtype", t.dtype},
                     {"vocabulary", opt.vocabulary ? "external, " + std::to_string(opt.vocabulary->size()) + " tokens"
                                                   : std::string("none")}};
    size_t skipped = 0;
    for (auto& [k, v] : metadata) {
        if (v.size() > kMaxMetaValueBytes || info.metadata.size() >= 4 + kMaxMetaEntries) ++skipped;
        else info.metadata.emplace_back("safetensors." + k, std::move(v));
    }
    if (skipped) out.notes.push_back(std::to_string(skipped) + " __metadata__ entries were too long or too many to keep");
    out.table = std::make_shared<EmbeddingTable>(std::move(info));
    // The rows provably exist when the file size is known (the header was checked against it).
    if (rows_proven && !out.table->reserve_rows(size_t(keep)))
        return Error{"not enough memory for " + std::to_string(keep) + " rows"};
    TensorSlice slice{t.name, element, rows, uint32_t(dims), data_start + t.begin};
    out.rows = std::make_unique<TensorRowReader>(source, slice, keep, opt.vocabulary, out.table);
    return out;
}

namespace {

class SafetensorsImporter final : public Importer {
public:
    SafetensorsImporter(std::string name, ImportOptions opt, uint64_t total)
        : name_(std::move(name)), opt_(std::move(opt)), total_(total) {}

    Status feed(const uint8_t* data, size_t n) override {
        if (!error_.ok()) return error_;
        while (n > 0) {
            if (state_ != State::Buffer) {
                const uint64_t want = state_ == State::Length ? 8 : header_bytes_;
                const size_t take = size_t(std::min<uint64_t>(n, want - buf_.size()));
                buf_.insert(buf_.end(), data, data + take);
                data += take;
                n -= take;
                consumed_ += take;
                if (buf_.size() == want) {
                    Status s = state_ == State::Length ? read_length() : start_buffer();
                    if (!s.ok()) return s;
                }
                continue;
            }
            if (consumed_ >= data_end_)
                return fail(consumed_, "unexpected data after the end of the tensor buffer (byte " +
                                           std::to_string(data_end_) + ")");
            const size_t take = size_t(std::min<uint64_t>(n, data_end_ - consumed_));
            if (Status s = rows_->consume(consumed_, data, take); !s.ok()) return error_ = s;
            data += take;
            n -= take;
            consumed_ += take;
            rows_->note_duplicates_once(notes_);
        }
        return Status::success();
    }

    Status finish() override {
        if (!error_.ok()) return error_;
        if (finished_) return Status::success();
        if (state_ == State::Length)
            return fail(consumed_, consumed_ == 0 ? "the file is empty"
                                                  : "file is truncated: it ends inside the 8-byte header length");
        if (state_ == State::Header)
            return fail(consumed_, "file is truncated: it ends inside the JSON header (" +
                                       std::to_string(buf_.size()) + " of " + std::to_string(header_bytes_) +
                                       " bytes present)");
        // With the file size known and checked against the header, the rows are all we need.
        if (consumed_ < data_end_ && !(rows_->done() && total_)) {
            if (!rows_->done())
                return fail(consumed_, "file is truncated: it ends inside tensor '" + tensor_ + "' (" +
                                           std::to_string(rows_->rows_done()) + " rows complete)");
            return fail(consumed_, "file is truncated: the tensor buffer ends at byte " +
                                       std::to_string(data_end_));
        }
        finished_ = true;
        return Status::success();
    }

    std::shared_ptr<EmbeddingTable> table() const override { return table_; }
    bool complete() const override {
        return finished_ || (error_.ok() && rows_ && rows_->done() && total_ != 0);
    }

private:
    enum class State { Length, Header, Buffer };

    Status fail(uint64_t offset, const std::string& what) {
        error_ = Error{name_ + ": byte " + std::to_string(offset) + ": " + what};
        return error_;
    }

    Status read_length() {
        header_bytes_ = load_le<uint64_t>(buf_.data());
        const std::string len = "the header length " + std::to_string(header_bytes_);
        if (header_bytes_ > kSafetensorsMaxHeaderBytes)
            return fail(0, len + " is over the 100 MB limit (is this a safetensors file?)");
        if (total_ && (total_ < 8 || header_bytes_ > total_ - 8))
            return fail(0, len + " is larger than the file (" + std::to_string(total_) + " bytes)");
        if (header_bytes_ < 2) return fail(0, len + " is too small for a JSON object");
        state_ = State::Header;
        buf_.clear();
        if (total_) buf_.reserve(size_t(header_bytes_));  // proven to exist: it fits in the file
        return Status::success();
    }

    Status start_buffer() {
        const uint64_t data_start = 8 + header_bytes_;
        auto h = parse_safetensors_header(name_, buf_.data(), buf_.size(), 8,
                                          total_ ? total_ - data_start : UINT64_MAX);
        if (!h) return error_ = Error{h.error()};
        std::vector<uint8_t>().swap(buf_);
        data_end_ = data_start + h->buffer_bytes;

        std::vector<TensorCandidate> candidates;
        for (const auto& t : h->tensors)
            candidates.push_back({t.name, t.shape, t.shape.size() == 2 ? t.shape[0] : 0});
        auto choice = choose_embedding_tensor(candidates, opt_.tensor_name, true);
        if (!choice) return fail(8, choice.error());
        const SafetensorsTensor& t = h->tensors[choice->index];
        tensor_ = t.name;
        auto started = start_safetensors_table(name_, t, data_start, choice->reason, std::move(h->metadata), opt_,
                                               total_ != 0);
        if (!started) return fail(8, started.error());
        notes_.insert(notes_.end(), started->notes.begin(), started->notes.end());
        table_ = std::move(started->table);
        rows_ = std::move(started->rows);
        state_ = State::Buffer;
        return Status::success();
    }

    std::string name_;
    ImportOptions opt_;
    uint64_t total_;
    Status error_;
    State state_ = State::Length;
    std::vector<uint8_t> buf_;  // the length, then the JSON header
    uint64_t consumed_ = 0, header_bytes_ = 0, data_end_ = 0;
    std::string tensor_;
    std::unique_ptr<TensorRowReader> rows_;
    std::shared_ptr<EmbeddingTable> table_;
    bool finished_ = false;
};

}  // namespace

std::unique_ptr<Importer> make_safetensors_importer(std::string source_name, ImportOptions opt,
                                                    uint64_t total_bytes) {
    return std::make_unique<SafetensorsImporter>(std::move(source_name), std::move(opt), total_bytes);
}

}  // namespace embx
