#include "platform/desktop/mapped_file.hpp"

#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <mutex>

namespace embx::desktop {

namespace {
constexpr size_t kReadBuffer = size_t(4) << 20;

std::string errno_text() { return std::strerror(errno); }
using Opened = Expected<std::unique_ptr<MappedFile>>;

// A mapped page whose file has shrunk (a USB stick pulled out, a file truncated or rewritten
// under us) raises SIGBUS when touched. Mapped bytes are therefore only ever read by
// copy_guarded(), whose SIGBUS becomes a return value; any other SIGBUS goes to the handler
// that was there before (by default: the process ends, as it would have without us).
// volatile: the compiler must not drop or move the stores around the copy (only the signal
// handler reads them).
thread_local sigjmp_buf* volatile t_bus_jump = nullptr;
struct sigaction g_previous_bus {};

void on_sigbus(int sig, siginfo_t* info, void* context) {
    if (sigjmp_buf* jump = t_bus_jump) siglongjmp(*jump, 1);
    sigaction(SIGBUS, &g_previous_bus, nullptr);  // the faulting access repeats and goes there
    (void)sig, (void)info, (void)context;
}

void install_bus_handler() {
    static std::once_flag once;
    std::call_once(once, [] {
        struct sigaction sa {};
        sa.sa_sigaction = on_sigbus;
        sa.sa_flags = SA_SIGINFO;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGBUS, &sa, &g_previous_bus);
    });
}

// memcpy that reports a SIGBUS on the source instead of dying of it. No C++ object lives
// between sigsetjmp and the copy, so jumping back skips no destructor.
bool copy_guarded(uint8_t* dst, const uint8_t* src, size_t n) {
    sigjmp_buf jump;
    if (sigsetjmp(jump, 1) != 0) {
        t_bus_jump = nullptr;
        return false;
    }
    t_bus_jump = &jump;
    std::memcpy(dst, src, n);
    t_bus_jump = nullptr;
    return true;
}
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
            install_bus_handler();
            f->buffer_.resize(std::min<uint64_t>(kReadBuffer, f->size_));
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
        const size_t n = size_t(std::min<uint64_t>({max_bytes, buffer_.size(), size_ - offset_}));
        if (!copy_guarded(buffer_.data(), map_ + offset_, n)) {
            struct stat st {};
            const std::string now = ::fstat(fd_, &st) == 0 ? std::to_string(st.st_size) + " bytes" : "gone";
            return Error{"the file changed while being read: byte " + std::to_string(offset_) + " of " +
                         std::to_string(size_) + " can no longer be read (it is now " + now +
                         "; was the drive removed or the file overwritten?)"};
        }
        ByteSlice s{buffer_.data(), n};
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
