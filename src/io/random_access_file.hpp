// A file read at any offset, by several threads at once (POSIX pread): the Word2Vec trainer
// streams each thread's part of a corpus from disk instead of holding it in memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/status.hpp"

namespace embx::io {

class RandomAccessFile {
public:
    static Expected<std::shared_ptr<RandomAccessFile>> open(const std::string& path);
    ~RandomAccessFile();
    RandomAccessFile(const RandomAccessFile&) = delete;
    RandomAccessFile& operator=(const RandomAccessFile&) = delete;

    uint64_t size() const { return size_; }
    const std::string& path() const { return path_; }
    // Up to n bytes at `offset` (fewer only at the end); errors name the file.
    Expected<size_t> read_at(uint64_t offset, uint8_t* out, size_t n) const;

private:
    RandomAccessFile(std::string path, int fd, uint64_t size) : path_(std::move(path)), fd_(fd), size_(size) {}
    std::string path_;
    int fd_;
    uint64_t size_;
};

}  // namespace embx::io
