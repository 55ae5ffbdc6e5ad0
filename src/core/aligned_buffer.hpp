// A growable byte buffer whose start is 64-byte aligned, so table rows keep their alignment.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <utility>

namespace embx {

class AlignedBuffer {
public:
    static constexpr size_t kAlign = 64;

    AlignedBuffer() = default;
    AlignedBuffer(const AlignedBuffer&) = delete;
    AlignedBuffer& operator=(const AlignedBuffer&) = delete;
    AlignedBuffer(AlignedBuffer&& o) noexcept { swap(o); }
    AlignedBuffer& operator=(AlignedBuffer&& o) noexcept {
        AlignedBuffer tmp(std::move(o));
        swap(tmp);
        return *this;
    }
    ~AlignedBuffer() { release(); }

    uint8_t* data() { return data_; }
    const uint8_t* data() const { return data_; }
    size_t size() const { return size_; }
    size_t capacity() const { return capacity_; }

    // Returns false (and changes nothing) when memory is not available.
    bool reserve(size_t n) {
        if (n <= capacity_) return true;
        auto* p = static_cast<uint8_t*>(::operator new(n, std::align_val_t(kAlign), std::nothrow));
        if (!p) return false;
        const size_t keep = size_;
        if (keep) std::memcpy(p, data_, keep);
        release();
        data_ = p;
        size_ = keep;
        capacity_ = n;
        return true;
    }

    // Grows geometrically; new bytes are zeroed (row padding must read as zero).
    bool resize(size_t n) {
        if (n > capacity_) {
            size_t want = capacity_ ? capacity_ : 4096;
            while (want < n) want = want / 2 * 3 + 64;
            if (!reserve(want) && !reserve(n)) return false;
        }
        if (n > size_) std::memset(data_ + size_, 0, n - size_);
        size_ = n;
        return true;
    }

    void swap(AlignedBuffer& o) noexcept {
        std::swap(data_, o.data_);
        std::swap(size_, o.size_);
        std::swap(capacity_, o.capacity_);
    }

private:
    void release() {
        if (data_) ::operator delete(data_, std::align_val_t(kAlign));
        data_ = nullptr;
        size_ = capacity_ = 0;
    }
    uint8_t* data_ = nullptr;
    size_t size_ = 0;
    size_t capacity_ = 0;
};

}  // namespace embx
