// An output file written under a temporary name ("<path>.partial") and renamed over `path` by
// commit(), so a failure (a full disk, a refused model) never leaves a half-written file.
#pragma once

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "core/status.hpp"
#include "formats/embx_writer.hpp"

namespace embx::cli {

class PendingFile {
public:
    explicit PendingFile(std::string path) : path_(std::move(path)), tmp_(path_ + ".partial") {
        f_ = std::fopen(tmp_.c_str(), "wb");
    }
    ~PendingFile() {
        if (f_) std::fclose(f_);
        if (!committed_) {
            std::error_code ec;
            std::filesystem::remove(tmp_, ec);
        }
    }
    Status opened() const {
        return f_ ? Status::success() : Status(Error{tmp_ + ": cannot create: " + std::strerror(errno)});
    }
    ByteSink sink() {
        return [this](const uint8_t* p, size_t n) { return std::fwrite(p, 1, n, f_) == n; };
    }
    Status commit() {
        const int closed = std::fclose(f_);
        f_ = nullptr;
        if (closed != 0) return Error{tmp_ + ": write failed: " + std::strerror(errno)};
        std::error_code ec;
        std::filesystem::rename(tmp_, path_, ec);
        if (ec) return Error{path_ + ": cannot rename from " + tmp_ + ": " + ec.message()};
        committed_ = true;
        return Status::success();
    }

private:
    std::string path_, tmp_;
    std::FILE* f_ = nullptr;
    bool committed_ = false;
};

}  // namespace embx::cli
