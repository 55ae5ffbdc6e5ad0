#include "platform/desktop/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace embx::desktop {

namespace {
constexpr size_t kReadBuffer = size_t(4) << 20;

std::string errno_text() { return std::strerror(errno); }
using Opened = Expected<std::unique_ptr<MappedFile>>;
}  // namespace

Opened MappedFile::open(const std::string& path, bool allow_map) {
    std::unique_ptr<MappedFile> f(new MappedFile());
    f->fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (f->fd_ < 0) return Error{"cannot open: " + errno_text()};
    struct stat st {};
    if (::fstat(f->fd_, &st) != 0) return Error{"cannot open: " + errno_text()};
    if (S_ISDIR(st.st_mode)) return Error{"is a directory"};
    if (!S_ISREG(st.st_mode)) {
        // A pipe or a device: no size to map, read it to the end.
        f->fallback_reason_ = "not a regular file";
        f->buffer_.resize(kReadBuffer);
        return Opened(std::move(f));
    }
    if (st.st_size == 0) return Error{"empty file"};
    f->size_ = uint64_t(st.st_size);
    if (f->size_ > uint64_t(SIZE_MAX)) return Error{"file too big to address"};
    if (allow_map) {
        void* p = ::mmap(nullptr, size_t(f->size_), PROT_READ, MAP_PRIVATE, f->fd_, 0);
        if (p != MAP_FAILED) {
            f->map_ = static_cast<const uint8_t*>(p);
            // One pass front to back: read ahead aggressively, drop pages behind us early.
            ::madvise(p, size_t(f->size_), MADV_SEQUENTIAL);
            return Opened(std::move(f));
        }
        f->fallback_reason_ = "mmap failed: " + errno_text();
    } else {
        f->fallback_reason_ = "mapping disabled";
    }
    f->buffer_.resize(kReadBuffer);
    return Opened(std::move(f));
}

MappedFile::~MappedFile() {
    if (map_) ::munmap(const_cast<uint8_t*>(map_), size_t(size_));
    if (fd_ >= 0) ::close(fd_);
}

Expected<ByteSlice> MappedFile::next(size_t max_bytes) {
    if (map_) {
        const size_t n = size_t(std::min<uint64_t>(max_bytes, size_ - offset_));
        ByteSlice s{map_ + offset_, n};
        offset_ += n;
        return s;
    }
    const size_t want = std::min(max_bytes, buffer_.size());
    for (;;) {
        const ssize_t n = ::read(fd_, buffer_.data(), want);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return Error{"read error at byte " + std::to_string(offset_) + ": " + errno_text()};
        offset_ += uint64_t(n);
        return ByteSlice{buffer_.data(), size_t(n)};
    }
}

}  // namespace embx::desktop
