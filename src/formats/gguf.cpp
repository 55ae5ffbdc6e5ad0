#include "formats/gguf.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

#include "formats/byte_order.hpp"
#include "formats/embedding_tensor_choice.hpp"
#include "formats/embx_layout.hpp"
#include "formats/table_fit.hpp"
#include "formats/gguf_header.hpp"
#include "formats/gguf_layout.hpp"
#include "formats/tensor_rows.hpp"

namespace embx {

namespace {

namespace g = gguf_format;

// Scalar metadata is copied into the table, within reason: the .embx metadata section is small
// and a chat template can be many kilobytes (GgufHeaderReader keeps strings up to 1 KB).
constexpr size_t kMaxMetaEntries = 256;

constexpr const char* kTokensKey = "tokenizer.ggml.tokens";

class GgufImporter final : public Importer {
public:
    GgufImporter(std::string name, ImportOptions opt, uint64_t total)
        : name_(std::move(name)), opt_(std::move(opt)), total_(total), header_(name_, total, {{kTokensKey}, {}}) {}

    Status feed(const uint8_t* data, size_t n) override {
        if (!error_.ok()) return error_;
        if (!header_.done()) {
            auto used = header_.feed(data, n);
            if (!used) return error_ = Error{used.error()};
            consumed_ += *used;
            data += *used;
            n -= *used;
            if (!header_.done()) return Status::success();
            if (Status s = end_of_header(); !s.ok()) return s;
        }
        if (padding_left_) {  // between the tensor infos and the data
            const size_t take = size_t(std::min<uint64_t>(n, padding_left_));
            padding_left_ -= take;
            consumed_ += take;
            data += take;
            n -= take;
        }
        if (n == 0) return Status::success();
        if (Status s = rows_->consume(consumed_, data, n); !s.ok()) return error_ = s;
        consumed_ += n;
        rows_->note_duplicates_once(notes_);
        return Status::success();
    }

    Status finish() override {
        if (!error_.ok()) return error_;
        if (finished_) return Status::success();
        if (consumed_ == 0) return fail(0, "the file is empty");
        if (!header_.done()) return fail(consumed_, "file is truncated: it ends inside " + header_.where());
        if (padding_left_) return fail(consumed_, "file is truncated: it ends inside the padding before the tensor data");
        if (!rows_->done())
            return fail(consumed_, "file is truncated: it ends inside tensor '" + tensor_ + "' (" +
                                       std::to_string(rows_->rows_done()) + " rows complete)");
        // With the file size known, every tensor was already checked to lie inside it.
        if (!total_ && consumed_ < header_.data_end())
            return fail(consumed_, "file is truncated: the tensor data runs to byte " + std::to_string(header_.data_end()));
        finished_ = true;
        return Status::success();
    }

    std::shared_ptr<EmbeddingTable> table() const override { return table_; }
    bool complete() const override {
        return finished_ || (error_.ok() && rows_ && rows_->done() && total_ != 0);
    }

private:
    Status fail(uint64_t offset, const std::string& what) {
        error_ = Error{name_ + ": byte " + std::to_string(offset) + ": " + what};
        return error_;
    }

    Status end_of_header() {
        const uint64_t header_end = header_.header_end(), data_start = header_.data_start();
        std::vector<TensorCandidate> candidates;
        for (const auto& t : header_.tensors())
            candidates.push_back({t.name, t.dims, t.dims.size() == 2 ? t.dims[1] : 0});
        auto choice = choose_embedding_tensor(candidates, opt_.tensor_name, false);
        if (!choice) return fail(header_end, choice.error());
        const GgufTensorInfo& t = header_.tensors()[choice->index];
        tensor_ = t.name;
        const std::string who = "tensor '" + t.name + "'";
        if (t.dims.size() != 2)
            return fail(t.info_at, who + " has " + std::to_string(t.dims.size()) +
                                       " dimensions; an embedding matrix has 2 (dims x rows)");
        const uint64_t dims = t.dims[0], rows = t.dims[1];
        if (dims > embx_format::kMaxDims)
            return fail(t.info_at, who + " has rows of " + std::to_string(dims) + " values; at most " +
                                       std::to_string(embx_format::kMaxDims) + " are supported");
        if (rows > embx_format::kMaxRows)
            return fail(t.info_at, who + " has " + std::to_string(rows) + " rows; at most " +
                                       std::to_string(embx_format::kMaxRows) + " are supported");
        TensorElement element;
        switch (t.type) {
            case g::kTypeF32: element = TensorElement::F32; break;
            case g::kTypeF16: element = TensorElement::F16; break;
            case g::kTypeBF16: element = TensorElement::BF16; break;
            case g::kTypeQ8_0: element = TensorElement::Q8_0; break;
            default: {
                const auto* tt = g::find_tensor_type(t.type);
                return fail(t.info_at, who + " has " +
                                           (tt ? "type " + std::string(tt->name)
                                               : "an unknown type " + std::to_string(t.type)) +
                                           "; only F32, F16, BF16 and Q8_0 can be imported");
            }
        }

        notes_.push_back("using " + who + " (" + std::string(tensor_element_name(element)) + ", " +
                         std::to_string(rows) + " x " + std::to_string(dims) + "): " + choice->reason);
        // The file's own tokens first: they belong to this matrix.
        std::shared_ptr<const std::vector<std::string>> tokens;
        if (const auto* list = header_.strings(kTokensKey))
            tokens = std::make_shared<const std::vector<std::string>>(*list);
        std::shared_ptr<const std::vector<std::string>> vocab = tokens;
        std::string size_note;
        if (tokens) {
            if (opt_.vocabulary)
                notes_.push_back("the file's tokenizer.ggml.tokens name the rows; the given vocabulary is not used");
            size_note = vocabulary_size_note(tokens->size(), rows, "the file's tokenizer.ggml.tokens");
        } else if (opt_.vocabulary) {
            vocab = opt_.vocabulary;
            size_note = vocabulary_size_note(vocab->size(), rows, "the given vocabulary");
        } else {
            notes_.push_back("the file has no tokenizer.ggml.tokens and no vocabulary was given: rows are named "
                             "<row 0> .. <row " + std::to_string(rows - 1) + ">");
        }
        if (!size_note.empty()) notes_.push_back(size_note);
        const auto& listed = header_.listed();
        const size_t skipped = header_.skipped_values() + (listed.size() > kMaxMetaEntries ? listed.size() - kMaxMetaEntries : 0);
        if (skipped) notes_.push_back(std::to_string(skipped) + " metadata values were too long or too many to keep");
        const uint64_t keep = opt_.limit ? std::min(opt_.limit, rows) : rows;
        if (Status fits = check_table_fits(who, keep, opt_.dtype, uint32_t(dims), opt_.memory_limit); !fits.ok())
            return fail(t.info_at, fits.error());

        TableInfo info;
        const GgufValue* model_name = header_.value("general.name");
        info.name = model_name && !model_name->text.empty() ? model_name->text : name_;
        info.dtype = opt_.dtype;
        info.dims = uint32_t(dims);
        info.expected_rows = keep;
        info.memory_limit = opt_.memory_limit;
        info.metadata = {{"format", "gguf v" + std::to_string(header_.version())},
                         {"tensor", t.name},
                         {"shape", std::to_string(rows) + " x " + std::to_string(dims)},
                         {"source_dtype", std::string(tensor_element_name(element))},
                         {"vocabulary", !vocab ? std::string("none")
                                               : (tokens ? "tokenizer.ggml.tokens, " : "external, ") +
                                                     std::to_string(vocab->size()) + " tokens"}};
        for (size_t i = 0; i < listed.size() && i < kMaxMetaEntries; ++i) info.metadata.push_back(listed[i]);
        table_ = std::make_shared<EmbeddingTable>(std::move(info));
        if (total_ && !table_->reserve_rows(size_t(keep)))  // the rows were checked to be in the file
            return fail(t.info_at, "not enough memory for " + std::to_string(keep) + " rows");

        TensorSlice slice{t.name, element, rows, uint32_t(dims), data_start + t.offset};
        rows_ = std::make_unique<TensorRowReader>(name_, slice, keep, vocab, table_);
        padding_left_ = data_start - header_end;
        return Status::success();
    }

    std::string name_;
    ImportOptions opt_;
    uint64_t total_;
    Status error_;
    GgufHeaderReader header_;
    uint64_t consumed_ = 0, padding_left_ = 0;
    std::string tensor_;
    std::unique_ptr<TensorRowReader> rows_;
    std::shared_ptr<EmbeddingTable> table_;
    bool finished_ = false;
};

}  // namespace

std::unique_ptr<Importer> make_gguf_importer(std::string source_name, ImportOptions opt,
                                             uint64_t total_bytes) {
    return std::make_unique<GgufImporter>(std::move(source_name), std::move(opt), total_bytes);
}

}  // namespace embx
