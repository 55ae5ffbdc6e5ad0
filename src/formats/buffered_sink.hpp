// Collects small writes (a word, a number) into ~1 MiB pieces before handing them to a
// ByteSink, so exporters make few sink calls however many rows they write.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.hpp"
#include "formats/embx_writer.hpp"

namespace embx {

class BufferedSink {
public:
    explicit BufferedSink(const ByteSink& sink, size_t piece = size_t(1) << 20) : sink_(sink), piece_(piece) {
        buf_.reserve(piece_ + 4096);
    }

    std::string& buffer() { return buf_; }  // append to it, then call maybe_flush()
    bool maybe_flush() { return buf_.size() < piece_ || flush(); }
    bool flush() {
        if (buf_.empty()) return ok_;
        ok_ = ok_ && sink_(reinterpret_cast<const uint8_t*>(buf_.data()), buf_.size());
        buf_.clear();
        return ok_;
    }

private:
    const ByteSink& sink_;
    size_t piece_;
    std::string buf_;
    bool ok_ = true;
};

inline Status write_failed() { return Error{"write failed (disk full or output closed)"}; }

}  // namespace embx
