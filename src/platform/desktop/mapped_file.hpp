// The bytes of a table file, handed out in slices: copied from a read-only memory mapping when
// the system gives one (the kernel reads ahead; a file that shrinks under us — a drive pulled
// out — is an error, not a SIGBUS), else read(2) into a buffer (pipes, /dev/stdin, file systems
// that cannot map, or when mapping failed).
// POSIX only: the desktop shell's side of "the desktop can feed an mmap".
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.hpp"

namespace embx::desktop {

struct ByteSlice {
    const uint8_t* data = nullptr;
    size_t size = 0;  // 0 = end of file
};

class MappedFile {
public:
    // Opens `path`. Errors, without the path (the caller names the file):
    //   "cannot open: <strerror>", "is a directory", "empty file".
    // When mapping fails the file is read instead and fallback_reason() says why
    // ("mmap failed: <strerror>"). `allow_map = false` forces reading (tests, benchmarks).
    static Expected<std::unique_ptr<MappedFile>> open(const std::string& path, bool allow_map = true);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    // The next at most `max_bytes` bytes (fewer near the end or past the buffer's 4 MB); an
    // empty slice at the end. A slice is valid until the next call.
    Expected<ByteSlice> next(size_t max_bytes);

    uint64_t size() const { return size_; }      // 0 when unknown (a pipe)
    uint64_t offset() const { return offset_; }  // bytes handed out so far
    bool mapped() const { return map_ != nullptr; }
    const std::string& fallback_reason() const { return fallback_reason_; }

private:
    MappedFile() = default;

    int fd_ = -1;
    const uint8_t* map_ = nullptr;
    uint64_t size_ = 0, offset_ = 0;
    std::vector<uint8_t> buffer_;  // what next() hands out: read(2) into it, or copied from the map
    std::string fallback_reason_;
};

}  // namespace embx::desktop
