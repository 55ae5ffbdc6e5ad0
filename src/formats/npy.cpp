#include "formats/npy.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <vector>

#include "core/half.hpp"
#include "formats/byte_order.hpp"
#include "formats/npy_header.hpp"
#include "formats/table_builder.hpp"
#include "formats/table_fit.hpp"
#include "formats/text_numbers.hpp"

namespace embx {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr uint32_t kMaxHeaderBytes = 1u << 16;

std::string_view element_name(NpyElement e) {
    return e == NpyElement::F16 ? "<f2" : e == NpyElement::F32 ? "<f4" : "<f8";
}

class NpyImporter final : public Importer {
public:
    NpyImporter(std::string name, const ImportOptions& opt, uint64_t total)
        : name_(name), total_(total), builder_(name, opt) {}

    Status feed(const uint8_t* data, size_t n) override {
        if (!error_.ok() || state_ == State::Done) return error_;
        const uint8_t* const end = data + n;
        while (data < end && error_.ok() && state_ != State::Done) {
            if (state_ == State::Rows) {
                data = take_rows(data, end);
            } else if (state_ == State::Tail) {
                fail(offset_, "unexpected data after the " + std::to_string(rows_) + " rows of the array");
            } else {
                const size_t take = std::min(need_ - buf_.size(), size_t(end - data));
                buf_.insert(buf_.end(), data, data + take);
                data += take;
                offset_ += take;
                if (buf_.size() == need_) process();
            }
        }
        return error_;
    }

    Status finish() override {
        if (!error_.ok() || state_ == State::Done) return error_;
        if (state_ == State::Rows)
            return fail(offset_, "file is truncated: it ends inside row " + std::to_string(rows_read_) + " (" +
                                     std::to_string(have_) + " of " + std::to_string(row_bytes_) + " bytes); " +
                                     std::to_string(rows_read_) + " of " + std::to_string(rows_) +
                                     " rows were complete");
        if (state_ != State::Tail) {
            if (offset_ == 0) return fail(0, "file is empty");
            return fail(offset_, "file is truncated: it ends inside the header (" + std::to_string(buf_.size()) +
                                     " of " + std::to_string(need_) + " bytes of its " +
                                     (state_ == State::Header ? "dict" : "preamble") + ")");
        }
        builder_.finish(notes_);
        state_ = State::Done;
        return error_;
    }

    std::shared_ptr<EmbeddingTable> table() const override { return builder_.table(); }
    bool complete() const override { return state_ == State::Done && error_.ok(); }

private:
    enum class State { Preamble, Length, Header, Rows, Tail, Done };

    Status fail(uint64_t at, const std::string& what) {
        error_ = Error{name_ + ": byte " + std::to_string(at) + ": " + what};
        return error_;
    }
    void expect(State s, size_t bytes) {
        state_ = s;
        need_ = bytes;
        buf_.clear();
    }

    void process() {
        switch (state_) {
            case State::Preamble: return parse_preamble();
            case State::Length: return parse_length();
            case State::Header: return parse_header();
            default: return;
        }
    }

    void parse_preamble() {
        if (std::memcmp(buf_.data(), kMagic, 6) != 0) {
            fail(0, "not a .npy file (it does not start with \\x93NUMPY)");
            return;
        }
        const int major = buf_[6], minor = buf_[7];
        if (major < 1 || major > 3 || minor != 0) {
            fail(6, "unsupported .npy version " + std::to_string(major) + "." + std::to_string(minor) +
                        " (this build reads 1.0, 2.0 and 3.0)");
            return;
        }
        length_bytes_ = major == 1 ? 2 : 4;
        expect(State::Length, length_bytes_);
    }

    void parse_length() {
        const uint32_t n = length_bytes_ == 2 ? load_le<uint16_t>(buf_.data()) : load_le<uint32_t>(buf_.data());
        header_at_ = 8 + length_bytes_;
        if (n == 0) {
            fail(8, "header length is 0");
            return;
        }
        if (n > kMaxHeaderBytes) {
            fail(8, "header length " + std::to_string(n) + " exceeds the limit of " +
                        std::to_string(kMaxHeaderBytes) + " bytes");
            return;
        }
        if (total_ && header_at_ + n > total_) {
            fail(8, "the header of " + std::to_string(n) + " bytes runs past the end of the file (" +
                        std::to_string(total_) + " bytes)");
            return;
        }
        expect(State::Header, n);
    }

    void parse_header() {
        const NpyHeader h =
            parse_npy_header(std::string_view(reinterpret_cast<const char*>(buf_.data()), buf_.size()));
        if (!h.ok) {
            fail(header_at_ + h.at, "header: " + h.problem);
            return;
        }
        element_ = h.element;
        rows_ = h.rows;
        dims_ = h.dims;
        item_ = npy_element_bytes(element_);
        row_bytes_ = size_t(dims_) * item_;
        data_at_ = header_at_ + buf_.size();
        const uint64_t data = rows_ * row_bytes_;  // below 2^50: both factors are capped
        if (total_ && data > total_ - std::min(total_, data_at_)) {
            fail(header_at_, "the shape (" + std::to_string(rows_) + ", " + std::to_string(dims_) + ") of " +
                                 std::string(element_name(element_)) + " needs " + std::to_string(data) +
                                 " bytes of data but the file has " +
                                 std::to_string(total_ - std::min(total_, data_at_)) + " after the header");
            return;
        }
        if (Status s = builder_.start(dims_, rows_, total_ != 0); !s.ok()) {
            fail(header_at_, s.error());
            return;
        }
        builder_.note_vocabulary_fit(rows_, true, notes_);
        row_.assign(row_bytes_, 0);
        values_.assign(dims_, 0.0f);
        expect(State::Rows, 0);
    }

    const uint8_t* take_rows(const uint8_t* p, const uint8_t* end) {
        while (p < end && state_ == State::Rows && error_.ok()) {
            if (have_ == 0 && size_t(end - p) >= row_bytes_) {  // the whole row is here
                end_row(p);
                p += row_bytes_;
                offset_ += row_bytes_;
                continue;
            }
            const size_t take = std::min(row_bytes_ - have_, size_t(end - p));
            std::memcpy(row_.data() + have_, p, take);
            have_ += take;
            p += take;
            offset_ += take;
            if (have_ == row_bytes_) {
                have_ = 0;
                end_row(row_.data());
            }
        }
        return p;
    }

    void end_row(const uint8_t* src) {
        const uint64_t at = data_at_ + rows_read_ * row_bytes_;
        for (uint32_t i = 0; i < dims_; ++i) {
            const uint8_t* e = src + size_t(i) * item_;
            float v;
            bool in_range = true;
            if (element_ == NpyElement::F32) {
                v = load_le<float>(e);
            } else if (element_ == NpyElement::F16) {
                v = f16_to_f32(load_le<uint16_t>(e));
            } else {
                const double d = load_le<double>(e);
                in_range = !std::isfinite(d) || std::fabs(d) <= double(FLT_MAX);
                v = in_range ? float(d) : 0.0f;
            }
            if (!in_range || !std::isfinite(v)) {
                fail(at + uint64_t(i) * item_, "row " + std::to_string(rows_read_) + ", column " + std::to_string(i) +
                                                   ": value is " +
                                                   (!in_range ? "out of float range"
                                                    : std::isnan(v) ? "NaN (NaN and infinity are rejected)"
                                                                    : "infinite (NaN and infinity are rejected)"));
                return;
            }
            values_[i] = v;
        }
        const std::string_view name = builder_.matrix_row_name(rows_read_);
        ++rows_read_;
        if (builder_.add(name, values_.data()) == TableBuilder::Added::NoMemory) {
            fail(at, out_of_memory(*builder_.table()));
            return;
        }
        if (builder_.full()) {  // --limit reached: the rest of the file is not needed
            builder_.finish(notes_);
            state_ = State::Done;
        } else if (rows_read_ == rows_) {
            state_ = State::Tail;
        }
    }

    std::string name_;
    uint64_t total_;
    TableBuilder builder_;
    Status error_;
    State state_ = State::Preamble;
    std::vector<uint8_t> buf_;  // preamble, length or header bytes being assembled
    size_t need_ = 8;
    uint64_t offset_ = 0;       // bytes consumed
    size_t length_bytes_ = 2;
    uint64_t header_at_ = 0, data_at_ = 0;
    NpyElement element_ = NpyElement::F32;
    uint64_t rows_ = 0, rows_read_ = 0;
    uint32_t dims_ = 0;
    size_t item_ = 4, row_bytes_ = 0, have_ = 0;
    std::vector<uint8_t> row_;  // a row cut by a chunk boundary
    std::vector<float> values_;
};

}  // namespace

std::unique_ptr<Importer> make_npy_importer(std::string source_name, const ImportOptions& opt,
                                            uint64_t total_bytes) {
    return std::make_unique<NpyImporter>(std::move(source_name), opt, total_bytes);
}

}  // namespace embx
