#include "io/random_access_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace embx::io {

Expected<std::shared_ptr<RandomAccessFile>> RandomAccessFile::open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return Error{path + ": cannot open: " + std::strerror(errno)};
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const std::string why = std::strerror(errno);
        ::close(fd);
        return Error{path + ": cannot read: " + why};
    }
    if (S_ISDIR(st.st_mode)) {
        ::close(fd);
        return Error{path + ": is a directory"};
    }
    return std::shared_ptr<RandomAccessFile>(new RandomAccessFile(path, fd, uint64_t(st.st_size)));
}

RandomAccessFile::~RandomAccessFile() { ::close(fd_); }

Expected<size_t> RandomAccessFile::read_at(uint64_t offset, uint8_t* out, size_t n) const {
    size_t done = 0;
    while (done < n) {
        const ssize_t got = ::pread(fd_, out + done, n - done, off_t(offset + done));
        if (got < 0) {
            if (errno == EINTR) continue;
            return Error{path_ + ": read error: " + std::strerror(errno)};
        }
        if (got == 0) break;
        done += size_t(got);
    }
    return done;
}

}  // namespace embx::io
