// Root reads every file and folder whatever its permissions (CAP_DAC_OVERRIDE and
// CAP_DAC_READ_SEARCH), and CI runs as root, so a "permission denied" test would test nothing
// there. While this guard lives, the calling thread works without those two capabilities, as
// any user does; the destructor gives them back. Without root it changes nothing.
#pragma once

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace embx::test {

class WithoutRootReads {
public:
    WithoutRootReads() {
        header_.version = _LINUX_CAPABILITY_VERSION_3;
        header_.pid = 0;  // this thread
        if (::syscall(SYS_capget, &header_, saved_) != 0) {
            error_ = std::string("capget: ") + std::strerror(errno);
            return;
        }
        __user_cap_data_struct reduced[2];
        std::memcpy(reduced, saved_, sizeof reduced);
        reduced[0].effective &= ~((1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH));
        if (::syscall(SYS_capset, &header_, reduced) != 0) error_ = std::string("capset: ") + std::strerror(errno);
    }
    ~WithoutRootReads() { ::syscall(SYS_capset, &header_, saved_); }
    WithoutRootReads(const WithoutRootReads&) = delete;
    WithoutRootReads& operator=(const WithoutRootReads&) = delete;

    // Empty when the capabilities are dropped (or were never there).
    const std::string& error() const { return error_; }

private:
    __user_cap_header_struct header_{};
    __user_cap_data_struct saved_[2]{};
    std::string error_;
};

}  // namespace embx::test
