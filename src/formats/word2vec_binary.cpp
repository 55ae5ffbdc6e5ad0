#include "formats/word2vec_binary.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "formats/byte_order.hpp"
#include "formats/table_builder.hpp"
#include "formats/table_fit.hpp"
#include "formats/text_numbers.hpp"
#include "formats/word2vec_header.hpp"

namespace embx {

namespace {

constexpr size_t kMaxHeaderBytes = 256;
constexpr size_t kMaxWordBytes = size_t(64) << 10;

// Bytes a text number row is made of: if every value byte of the first row is one of these,
// the file is word2vec text, not binary.
bool looks_like_text(const uint8_t* p, size_t n) {
    for (size_t i = 0; i < n; ++i)
        if (!std::strchr("0123456789+-.eE \t\r\n", p[i]) || p[i] == 0) return false;
    return n > 0;
}

class Word2VecBinaryImporter final : public Importer {
public:
    Word2VecBinaryImporter(std::string name, const ImportOptions& opt, uint64_t total)
        : name_(name), total_(total), builder_(name, opt) {}

    Status feed(const uint8_t* data, size_t n) override {
        if (!error_.ok() || state_ == State::Done) return error_;
        const uint8_t* const end = data + n;
        while (data < end && error_.ok() && state_ != State::Done) {
            const uint8_t* before = data;
            switch (state_) {
                case State::Header: data = take_header(data, end); break;
                case State::RowStart: data = take_row_start(data, end); break;
                case State::Word: data = take_word(data, end); break;
                case State::Values: data = take_values(data, end); break;
                case State::Tail: data = take_tail(data, end); break;
                case State::Done: break;
            }
            offset_ += uint64_t(data - before);
        }
        return error_;
    }

    Status finish() override {
        if (!error_.ok() || state_ == State::Done) return error_;
        const bool all_rows = header_done_ && rows_read_ == announced_;
        if (!all_rows) {
            if (offset_ == 0) return fail(0, "file is empty");
            if (!header_done_) return fail(offset_, "file ends inside the header line");
            const std::string row = std::to_string(rows_read_);
            std::string where = "before row " + row;
            if (state_ == State::Word) where = "inside the word of row " + row;
            if (state_ == State::Values)
                where = "inside the values of row " + row + " (" + std::to_string(have_) + " of " +
                        std::to_string(4 * uint64_t(dims_)) + " bytes)";
            return fail(offset_, "file is truncated: it ends " + where + "; " + row + " of " +
                                     std::to_string(announced_) + " rows were complete");
        }
        builder_.finish(notes_);
        state_ = State::Done;
        return error_;
    }

    std::shared_ptr<EmbeddingTable> table() const override { return builder_.table(); }
    bool complete() const override { return state_ == State::Done && error_.ok(); }

private:
    enum class State { Header, RowStart, Word, Values, Tail, Done };

    Status fail(uint64_t at, const std::string& what) {
        error_ = Error{name_ + ": byte " + std::to_string(at) + ": " + what};
        return error_;
    }

    const uint8_t* take_header(const uint8_t* p, const uint8_t* end) {
        const auto* nl = static_cast<const uint8_t*>(std::memchr(p, '\n', size_t(end - p)));
        const size_t piece = size_t((nl ? nl : end) - p);
        if (header_.size() + piece > kMaxHeaderBytes) {
            fail(0, "the header line is longer than " + std::to_string(kMaxHeaderBytes) +
                        " bytes (expected 'rows dims')");
            return end;
        }
        header_.append(reinterpret_cast<const char*>(p), piece);
        if (!nl) return end;
        // A text editor may have put a UTF-8 byte order mark before "V D": skip it.
        const size_t bom = header_.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
        const Word2VecHeader h = parse_word2vec_header(std::string_view(header_).substr(bom));
        if (!h.ok) {
            fail(bom + h.at, h.problem);
            return end;
        }
        // The shortest row is a one-byte word, a space and the values. Both counts are capped,
        // so the product cannot overflow.
        const uint64_t after = offset_ + piece + 1;
        const uint64_t least = h.rows * (4 * uint64_t(h.dims) + 2);
        if (total_ && least > total_ - std::min(total_, after)) {
            fail(0, "the header announces " + std::to_string(h.rows) + " rows of " + std::to_string(h.dims) +
                        " floats, which need at least " + std::to_string(least) + " bytes, but the file has " +
                        std::to_string(total_ - std::min(total_, after)) + " after the header");
            return end;
        }
        announced_ = h.rows;
        dims_ = h.dims;
        values_.assign(dims_, 0.0f);
        if (Status s = builder_.start(dims_, announced_, total_ != 0); !s.ok()) {
            fail(0, s.error());
            return end;
        }
        header_done_ = true;
        state_ = State::RowStart;
        return nl + 1;
    }

    const uint8_t* take_row_start(const uint8_t* p, const uint8_t* end) {
        if (rows_read_ == announced_) {
            state_ = State::Tail;
            return p;
        }
        while (p < end && *p == '\n') ++p;  // the "\n" that may end the previous row
        if (p < end) {
            state_ = State::Word;
            word_.clear();
        }
        return p;
    }

    const uint8_t* take_word(const uint8_t* p, const uint8_t* end) {
        if (!word_started_) {  // offset_ is where this step starts: the word's first byte
            word_started_ = true;
            word_offset_ = offset_;
        }
        const auto* space = static_cast<const uint8_t*>(std::memchr(p, ' ', size_t(end - p)));
        const size_t piece = size_t((space ? space : end) - p);
        if (word_.size() + piece > kMaxWordBytes) {
            fail(word_offset_, "the word of row " + std::to_string(rows_read_) + " is longer than " +
                                   std::to_string(kMaxWordBytes) + " bytes (is this a word2vec binary file?)");
            return end;
        }
        word_.append(reinterpret_cast<const char*>(p), piece);
        if (!space) return end;
        if (word_.empty()) {
            fail(word_offset_, "row " + std::to_string(rows_read_) + " has an empty word");
            return end;
        }
        word_started_ = false;
        state_ = State::Values;
        have_ = 0;
        values_offset_ = offset_ + piece + 1;
        return space + 1;
    }

    const uint8_t* take_values(const uint8_t* p, const uint8_t* end) {
        const size_t need = 4 * size_t(dims_) - have_;
        const size_t take = std::min(need, size_t(end - p));
        std::memcpy(reinterpret_cast<uint8_t*>(values_.data()) + have_, p, take);  // hosts are little-endian
        have_ += take;
        if (have_ == 4 * size_t(dims_)) end_row();
        return p + take;
    }

    void end_row() {
        const auto* bytes = reinterpret_cast<const uint8_t*>(values_.data());
        if (rows_read_ == 0 && looks_like_text(bytes, 4 * size_t(dims_))) {
            fail(values_offset_, "the values of the first row are text (" +
                                     quoted(std::string_view(reinterpret_cast<const char*>(bytes),
                                                             std::min<size_t>(4 * size_t(dims_), 24))) +
                                     "): this is a word2vec text file, not binary");
            return;
        }
        for (uint32_t i = 0; i < dims_; ++i) {
            if (!std::isfinite(values_[i])) {
                fail(values_offset_ + 4 * uint64_t(i),
                     "row " + std::to_string(rows_read_) + " (" + quoted(word_) + "): value " + std::to_string(i) +
                         " is " + (std::isnan(values_[i]) ? "NaN" : "infinite") + " (NaN and infinity are rejected)");
                return;
            }
        }
        ++rows_read_;
        if (builder_.add(word_, values_.data()) == TableBuilder::Added::NoMemory) {
            fail(values_offset_, out_of_memory(*builder_.table()));
            return;
        }
        state_ = State::RowStart;
        if (builder_.full()) {  // --limit reached: the rest of the file is not needed
            builder_.finish(notes_);
            state_ = State::Done;
        }
    }

    const uint8_t* take_tail(const uint8_t* p, const uint8_t* end) {
        for (const uint8_t* start = p; p < end; ++p) {
            if (*p != '\n' && *p != '\r' && *p != ' ' && *p != '\t') {
                fail(offset_ + uint64_t(p - start), "unexpected data after the " + std::to_string(announced_) +
                                      " rows the header announces");
                return end;
            }
        }
        return p;
    }

    std::string name_;
    uint64_t total_;
    TableBuilder builder_;
    Status error_;
    State state_ = State::Header;
    uint64_t offset_ = 0;  // file offset of the first byte the current step looks at
    std::string header_, word_;
    bool header_done_ = false, word_started_ = false;
    uint64_t announced_ = 0, rows_read_ = 0;
    uint64_t word_offset_ = 0, values_offset_ = 0;
    uint32_t dims_ = 0;
    size_t have_ = 0;  // value bytes of the current row received so far
    std::vector<float> values_;
};

}  // namespace

std::unique_ptr<Importer> make_word2vec_binary_importer(std::string source_name, const ImportOptions& opt,
                                                        uint64_t total_bytes) {
    return std::make_unique<Word2VecBinaryImporter>(std::move(source_name), opt, total_bytes);
}

}  // namespace embx
