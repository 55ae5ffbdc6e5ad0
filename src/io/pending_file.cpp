#include "io/pending_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace embx::io {

namespace {
std::string reason(int err) { return std::strerror(err ? err : EIO); }

// The rename itself is only durable once the folder's entry is: fsync the folder too.
void sync_folder_of(const std::string& path) {
    std::filesystem::path dir = std::filesystem::path(path).parent_path();
    if (dir.empty()) dir = ".";
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;  // best effort: some file systems refuse to open folders
    ::fsync(fd);
    ::close(fd);
}
}  // namespace

PendingFile::PendingFile(std::string path) : path_(std::move(path)) {
    // A link is followed: the file it points to is the one replaced, the link stays.
    std::error_code ec;
    std::filesystem::path target = path_;
    if (std::filesystem::is_symlink(target, ec)) {
        const auto resolved = std::filesystem::weakly_canonical(target, ec);
        if (!ec) target = resolved;
    }
    // Not a regular file (a device such as /dev/null or /dev/stdout, a pipe): written to
    // directly; renaming a file over it would replace the device itself.
    const auto status = std::filesystem::status(target, ec);
    direct_ = !ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status);
    target_ = target.string();
    tmp_ = direct_ ? target_ : target_ + ".partial";
    f_ = std::fopen(tmp_.c_str(), "wb");
    if (!f_) open_errno_ = errno;
}

PendingFile::~PendingFile() {
    if (f_) std::fclose(f_);
    if (!committed_ && !open_errno_ && !direct_) {
        std::error_code ec;
        std::filesystem::remove(tmp_, ec);
    }
}

Status PendingFile::opened() const {
    return f_ ? Status::success() : Status(Error{path_ + ": cannot create: " + reason(open_errno_)});
}

bool PendingFile::write(const void* data, size_t n) {
    if (!f_ || write_errno_) return false;
    if (n == 0 || std::fwrite(data, 1, n, f_) == n) return true;
    write_errno_ = errno ? errno : EIO;
    return false;
}

ByteSink PendingFile::sink() {
    return [this](const uint8_t* p, size_t n) { return write(p, n); };
}

Status PendingFile::commit() {
    if (Status s = opened(); !s) return s;
    errno = 0;
    int err = write_errno_;
    if (!err && std::fflush(f_) != 0) err = errno;
    if (!err && !direct_ && ::fsync(::fileno(f_)) != 0 && errno != EINVAL && errno != EROFS) err = errno;
    const int closed = std::fclose(f_);
    f_ = nullptr;
    if (!err && closed != 0) err = errno;
    if (err) return Error{path_ + ": cannot write: " + reason(err)};
    committed_ = true;
    if (direct_) return Status::success();
    std::error_code ec;
    std::filesystem::rename(tmp_, target_, ec);
    if (ec) {
        committed_ = false;
        return Error{path_ + ": cannot rename from " + tmp_ + ": " + ec.message()};
    }
    sync_folder_of(target_);
    return Status::success();
}

Status write_file_safely(const std::string& path, std::string_view bytes) {
    PendingFile f(path);
    if (Status s = f.opened(); !s) return s;
    f.write(bytes.data(), bytes.size());
    return f.commit();
}

}  // namespace embx::io
