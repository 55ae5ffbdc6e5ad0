// Structure-aware fuzzing: the fuzzer's bytes read as a sequence of choices (which tensors, which
// dtype, whether to break an offset), from which a target builds a file that is well formed
// except where a choice says otherwise. A byte flip then changes one decision instead of
// breaking the header's framing, so the parsers' deeper checks (shapes, offsets, tokenizers,
// the forward pass) are reached. Past the end of the input every choice is 0 (the plain one).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace embx::fuzz {

class Choices {
public:
    // The first byte decides whether anything may break at all: half the inputs build files
    // that are valid throughout (the paths past every check, the forward pass), the others
    // break about one decision in `rarely`'s n.
    Choices(const uint8_t* data, size_t size) : p_(data), n_(size) { wild_ = byte() & 1; }

    uint8_t byte() { return at_ < n_ ? p_[at_++] : 0; }
    uint64_t u64() {
        uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v = v << 8 | byte();
        return v;
    }
    // A value in [0, n) (n > 0): one byte for small ranges, more for large ones.
    uint64_t below(uint64_t n) {
        if (n <= 1) return 0;
        if (n <= 256) return byte() % n;
        if (n <= 65536) return (uint64_t(byte()) << 8 | byte()) % n;
        return u64() % n;
    }
    // True about once in `n` when the input may break things (never once it is exhausted).
    bool rarely(uint32_t n = 16) { return wild_ && at_ < n_ && below(n) == n - 1; }
    template <class T>
    const T& one_of(const std::vector<T>& options) { return options[below(options.size())]; }
    // Up to max_bytes raw bytes (any value: invalid UTF-8, NUL, quotes).
    std::string text(size_t max_bytes) {
        std::string s(below(max_bytes + 1), '\0');
        for (char& c : s) c = char(byte());
        return s;
    }
    // A number that is usually `plain` and sometimes anything (0, huge, off by one).
    uint64_t usually(uint64_t plain) {
        if (!rarely(24)) return plain;
        switch (below(4)) {
            case 0: return 0;
            case 1: return plain + 1;
            case 2: return plain ? plain - 1 : 0;
            default: return u64();
        }
    }
    size_t left() const { return at_ < n_ ? n_ - at_ : 0; }

private:
    const uint8_t* p_;
    size_t n_;
    size_t at_ = 0;
    bool wild_ = false;
};

// Little-endian bytes of a file being built.
struct Bytes {
    std::vector<uint8_t> b;
    void u32(uint32_t v) {
        for (int i = 0; i < 4; ++i) b.push_back(uint8_t(v >> (8 * i)));
    }
    void u64(uint64_t v) {
        for (int i = 0; i < 8; ++i) b.push_back(uint8_t(v >> (8 * i)));
    }
    void raw(const std::string& s) { b.insert(b.end(), s.begin(), s.end()); }
};

// Deterministic filler for tensor data (xorshift). `finite`: every byte has bit 6 clear, so each
// F32, F16 and BF16 value (and Q8_0 scale) has a small exponent: |x| < 4, never NaN or infinity.
// Otherwise NaN, infinity and subnormal bit patterns come up too.
inline void fill_bytes(std::vector<uint8_t>& out, size_t n, uint64_t seed, bool finite) {
    uint64_t x = seed | 1;
    for (size_t i = 0; i < n; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.push_back(finite ? uint8_t(x & 0xBF) : uint8_t(x));
    }
}

}  // namespace embx::fuzz
