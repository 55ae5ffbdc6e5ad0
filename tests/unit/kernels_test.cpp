// Every compiled kernel set against the scalar reference, across the length classes that
// exercise main loops and tails. Integer kernels must match exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "core/dtype.hpp"
#include "core/half.hpp"
#include "core/kernels/dot.hpp"
#include "core/quantize.hpp"

namespace embx {
namespace {

const size_t kLengths[] = {0, 1, 15, 16, 17, 31, 32, 33, 97, 100, 128, 256, 1536};
constexpr uint64_t kSeed = 20261127;

TEST(Kernels, ReferenceIsAlwaysAvailable) {
    auto all = kernels::available_kernels();
    ASSERT_FALSE(all.empty());
    EXPECT_EQ(all.front()->isa, kernels::Isa::Ref);
#if defined(__wasm_simd128__)
    EXPECT_EQ(kernels::best_kernels().isa, kernels::Isa::Simd128);
#endif
}

// The tests below compare every *available* kernel set with the reference: if the dispatcher
// stopped offering AVX2 on a CPU that has it, they would silently compare the reference with
// itself. So ask the CPU (through the kernel's flags, not the dispatcher's code) what must be
// there; a CPU without AVX2 is reported as a skip, which CI does not expect.
#if defined(EMBX_HAVE_AVX2)
bool cpu_flag(const std::string& flag) {
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("flags", 0) == 0) return (line + " ").find(" " + flag + " ") != std::string::npos;
    return false;
}
#endif

TEST(Kernels, EveryCompiledInstructionSetIsTestedHere) {
#if defined(__wasm_simd128__)
    ASSERT_NE(kernels::kernels_for(kernels::Isa::Simd128), nullptr);
    EXPECT_EQ(kernels::available_kernels().size(), 2u);  // ref + SIMD128
#elif defined(EMBX_HAVE_AVX2)
    if (!(cpu_flag("avx2") && cpu_flag("fma") && cpu_flag("f16c")))
        GTEST_SKIP() << "this CPU lacks AVX2, FMA or F16C: the AVX2 kernels are built but not tested";
    ASSERT_NE(kernels::kernels_for(kernels::Isa::Avx2), nullptr);
    EXPECT_EQ(kernels::best_kernels().isa, kernels::Isa::Avx2);
    EXPECT_EQ(kernels::available_kernels().size(), 2u);  // ref + AVX2
#else
    EXPECT_EQ(kernels::available_kernels().size(), 1u);  // the reference only
#endif
}

TEST(Kernels, DotI8MatchesReferenceExactly) {
    std::printf("seed %llu\n", (unsigned long long)kSeed);
    std::mt19937_64 rng(kSeed);
    std::uniform_int_distribution<int> i8(-127, 127);
    const auto& ref = kernels::kernels_ref();
    for (const auto* k : kernels::available_kernels()) {
        for (size_t n : kLengths) {
            for (int trial = 0; trial < 20; ++trial) {
                std::vector<int8_t> row(n + 1);
                std::vector<int16_t> q(n + 1);
                const int32_t qmax = query_i16_max(n);
                std::uniform_int_distribution<int> i16(-qmax, qmax);
                for (size_t i = 0; i < n; ++i) {
                    row[i] = int8_t(i8(rng));
                    q[i] = int16_t(i16(rng));
                }
                if (trial == 0)  // extremes: the overflow bound must hold
                    for (size_t i = 0; i < n; ++i) {
                        row[i] = -127;
                        q[i] = int16_t(-qmax);
                    }
                ASSERT_EQ(k->dot_i8(row.data(), q.data(), n), ref.dot_i8(row.data(), q.data(), n))
                    << k->name << " n=" << n << " trial=" << trial;
            }
        }
    }
}

TEST(Kernels, DotRowsI8MatchesReferenceExactly) {
    std::mt19937_64 rng(kSeed + 1);
    std::uniform_int_distribution<int> i8(-127, 127), i16(-3000, 3000);
    const size_t rows = 37;
    for (size_t n : kLengths) {
        const size_t stride = (n + 63) / 64 * 64 + 64;
        std::vector<uint8_t> data(rows * stride);
        for (auto& b : data) b = uint8_t(i8(rng));
        std::vector<int16_t> q(n + 1);
        for (auto& v : q) v = int16_t(i16(rng));
        std::vector<int32_t> want(rows), got(rows);
        kernels::kernels_ref().dot_rows_i8(data.data(), stride, rows, q.data(), n, want.data());
        for (const auto* k : kernels::available_kernels()) {
            k->dot_rows_i8(data.data(), stride, rows, q.data(), n, got.data());
            ASSERT_EQ(got, want) << k->name << " n=" << n;
        }
    }
}

TEST(Kernels, PackedRowsHoldTheRowsAndZeros) {
    std::printf("seed %llu\n", (unsigned long long)(kSeed + 3));
    std::mt19937_64 rng(kSeed + 3);
    std::uniform_int_distribution<int> i8(-127, 127);
    for (size_t n : kLengths) {
        const size_t rows = 21, stride = (n + 63) / 64 * 64 + 64, padded = kernels::packed_rows(rows);
        std::vector<uint8_t> data(rows * stride);
        for (auto& b : data) b = uint8_t(i8(rng));
        std::vector<int16_t> packed(kernels::packed_i8_values(rows, n), 12345);
        kernels::pack_rows_i8(data.data(), stride, rows, n, packed.data());
        ASSERT_EQ(padded % kernels::kPackRows, 0u);
        for (size_t r = 0; r < padded; ++r)
            for (size_t d = 0; d < (n + 1) / 2 * 2; ++d) {
                const int want = r < rows && d < n ? int(int8_t(data[r * stride + d])) : 0;
                ASSERT_EQ(packed[((d / 2) * padded + r) * 2 + d % 2], want) << "n=" << n << " r=" << r << " d=" << d;
            }
    }
}

TEST(Kernels, DotPackedI8MatchesReferenceExactly) {
    std::printf("seed %llu\n", (unsigned long long)(kSeed + 6));
    std::mt19937_64 rng(kSeed + 6);
    std::uniform_int_distribution<int> i8(-127, 127);
    for (size_t n : kLengths) {
        for (size_t rows : {size_t(1), size_t(16), size_t(37)}) {
            const size_t stride = (n + 63) / 64 * 64 + 64, padded = kernels::packed_rows(rows);
            std::vector<uint8_t> data(rows * stride);
            for (auto& b : data) b = uint8_t(i8(rng));
            std::vector<int16_t> packed(kernels::packed_i8_values(rows, n));
            kernels::pack_rows_i8(data.data(), stride, rows, n, packed.data());
            const int32_t qmax = query_i16_max(n);
            std::uniform_int_distribution<int> i16(-qmax, qmax);
            // Queries at a stride longer than n (as the batch search lays them out); nq covers
            // the four-query main loop and every remainder.
            const size_t nq = 11, qstride = n + 5;
            std::vector<int16_t> qs(nq * qstride);
            for (auto& v : qs) v = int16_t(i16(rng));
            if (rows == 37)  // extremes: the overflow bound must hold
                // (min(): without it GCC 12 at -O2 warns of an impossible memset size)
                for (size_t i = 0; i < std::min(n, data.size()); ++i) {
                    data[i] = uint8_t(int8_t(-127));
                    qs[i] = int16_t(-qmax);
                }
            kernels::pack_rows_i8(data.data(), stride, rows, n, packed.data());
            for (size_t q = 1; q <= nq; ++q) {
                std::vector<int32_t> want(q * padded), got(q * padded, -1);
                kernels::kernels_ref().dot_packed_i8(packed.data(), padded, qs.data(), qstride, q, n, want.data());
                for (size_t j = 0; j < q; ++j)  // the reference agrees with single dots on the rows
                    for (size_t r = 0; r < padded; ++r)
                        ASSERT_EQ(want[j * padded + r],
                                  r < rows ? kernels::kernels_ref().dot_i8(reinterpret_cast<const int8_t*>(data.data() + r * stride),
                                                                           qs.data() + j * qstride, n)
                                           : 0);
                for (const auto* k : kernels::available_kernels()) {
                    k->dot_packed_i8(packed.data(), padded, qs.data(), qstride, q, n, got.data());
                    ASSERT_EQ(got, want) << k->name << " n=" << n << " rows=" << rows << " nq=" << q;
                }
            }
        }
    }
}

TEST(Kernels, CosinesI8MatchReferenceExactly) {
    std::printf("seed %llu\n", (unsigned long long)(kSeed + 7));
    std::mt19937_64 rng(kSeed + 7);
    std::uniform_int_distribution<int32_t> dot(-2000000000, 2000000000);
    std::uniform_real_distribution<float> factor(1e-9f, 1e-6f);
    for (size_t n : kLengths) {
        std::vector<int32_t> dots(n);
        std::vector<float> factors(n);
        for (auto& d : dots) d = dot(rng);
        for (auto& f : factors) f = factor(rng);
        const float qscale = 3.1e-5f;
        std::vector<float> want(n), got(n);
        float mid = 0;
        kernels::kernels_ref().cosines_i8(dots.data(), factors.data(), n, qscale, -INFINITY, want.data());
        if (n > 0) {
            std::vector<float> sorted = want;
            std::sort(sorted.begin(), sorted.end());
            mid = sorted[n / 2];
        }
        // Thresholds below all, at the median (some pass), at the maximum (exactly one value
        // passes, maybe in the scalar tail), above all and NaN (none pass).
        const float top = n ? *std::max_element(want.begin(), want.end()) : 0.0f;
        for (float th : {-INFINITY, mid, top, std::nextafter(top, INFINITY), NAN}) {
            const bool want_any = kernels::kernels_ref().cosines_i8(dots.data(), factors.data(), n, qscale, th, want.data());
            for (const auto* k : kernels::available_kernels()) {
                std::fill(got.begin(), got.end(), -1.0f);
                const bool any = k->cosines_i8(dots.data(), factors.data(), n, qscale, th, got.data());
                ASSERT_EQ(any, want_any) << k->name << " n=" << n << " threshold=" << th;
                ASSERT_TRUE(std::equal(got.begin(), got.begin() + long(n), want.begin(),
                                       [](float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }))
                    << k->name << " n=" << n;  // bit for bit (n may be 0: no memcmp on null data)
            }
        }
    }
}

TEST(Kernels, ScoresRowsI8MatchDotsThenCosinesExactly) {
    std::printf("seed %llu\n", (unsigned long long)(kSeed + 8));
    std::mt19937_64 rng(kSeed + 8);
    std::uniform_int_distribution<int> i8(-127, 127), i16(-3000, 3000);
    std::uniform_real_distribution<float> factor(1e-9f, 1e-6f);
    const float qscale = 2.7e-5f;
    const auto& ref = kernels::kernels_ref();
    // Row counts: none, a partial group of four, whole groups, and more than one block of the
    // two-pass version.
    for (size_t rows : {size_t(0), size_t(3), size_t(8), size_t(37), size_t(300)}) {
        for (size_t n : kLengths) {
            const size_t stride = (n + 15) / 16 * 16 + 16;
            std::vector<uint8_t> data(rows * stride + 1);
            for (auto& b : data) b = uint8_t(i8(rng));
            std::vector<int16_t> q(n + 1);
            for (auto& v : q) v = int16_t(i16(rng));
            std::vector<float> factors(rows + 1);
            for (auto& f : factors) f = factor(rng);
            std::vector<int32_t> dots(rows + 1);
            std::vector<float> want(rows + 1), got(rows + 1);
            ref.dot_rows_i8(data.data(), stride, rows, q.data(), n, dots.data());
            ref.cosines_i8(dots.data(), factors.data(), rows, qscale, -INFINITY, want.data());
            const float top = rows ? *std::max_element(want.begin(), want.begin() + long(rows)) : 0.0f;
            const float mid = rows ? want[rows / 2] : 0.0f;
            for (float th : {-INFINITY, mid, top, std::nextafter(top, INFINITY), NAN}) {
                const bool want_any = ref.cosines_i8(dots.data(), factors.data(), rows, qscale, th, want.data());
                for (const auto* k : kernels::available_kernels()) {
                    std::fill(got.begin(), got.end(), -1.0f);
                    const bool any = k->scores_rows_i8(data.data(), stride, rows, q.data(), n, factors.data(), qscale,
                                                       th, got.data());
                    ASSERT_EQ(any, want_any) << k->name << " rows=" << rows << " n=" << n << " threshold=" << th;
                    for (size_t r = 0; r < rows; ++r)
                        ASSERT_EQ(std::memcmp(&got[r], &want[r], sizeof(float)), 0)
                            << k->name << " rows=" << rows << " n=" << n << " row " << r;
                }
            }
        }
    }
}

TEST(Kernels, DotRowsI4AgreesWithReference) {
    std::mt19937_64 rng(kSeed + 4);
    std::normal_distribution<float> g;
    for (size_t dims : {size_t(1), size_t(15), size_t(16), size_t(17), size_t(100), size_t(1536)}) {
        const size_t stride = dtype_row_bytes(DType::I4, dims), rows = 9;
        std::vector<uint8_t> data(rows * stride, 0);
        std::vector<float> x(dims);
        for (size_t r = 0; r < rows; ++r) {
            for (auto& v : x) v = g(rng) * (r == 0 ? 1e-6f : 1.0f);  // row 0: subnormal f16 scales
            quantize_row_i4(x.data(), dims, data.data() + r * stride);
        }
        const size_t n = i4_blocks(dims) * kI4Block;
        std::vector<int16_t> q(n, 0);
        for (size_t i = 0; i < dims; ++i) q[i] = int16_t(int(rng() % 60001) - 30000);
        std::vector<float> want(rows), got(rows);
        kernels::kernels_ref().dot_rows_i4(data.data(), stride, rows, q.data(), dims, want.data());
        // The reference against a plain dequantized dot product.
        for (size_t r = 0; r < rows; ++r) {
            std::vector<float> deq(dims);
            dequantize_row_i4(data.data() + r * stride, dims, deq.data());
            double d = 0, mag = 0;
            for (size_t i = 0; i < dims; ++i) {
                d += double(deq[i]) * q[i];
                mag += std::abs(double(deq[i]) * q[i]);
            }
            ASSERT_NEAR(want[r], d, 1e-5 * (mag + 1e-30)) << "dims " << dims << " row " << r;
        }
        for (const auto* k : kernels::available_kernels()) {
            k->dot_rows_i4(data.data(), stride, rows, q.data(), dims, got.data());
            for (size_t r = 0; r < rows; ++r)
                EXPECT_NEAR(got[r], want[r], 1e-5 * (std::abs(want[r]) + 1e-3f * (r == 0 ? 1e-6f : 1.0f)))
                    << k->name << " dims " << dims << " row " << r;
        }
    }
}

TEST(Kernels, DotRowsF16AgreesWithReference) {
    std::mt19937_64 rng(kSeed + 5);
    std::normal_distribution<float> g;
    for (size_t n : kLengths) {
        const size_t stride = (n * 2 + 63) / 64 * 64 + 64, rows = 5;
        std::vector<uint8_t> data(rows * stride, 0);
        std::vector<float> q(n);
        double mag = 1e-30;
        for (auto& v : q) v = g(rng);
        for (size_t r = 0; r < rows; ++r) {
            auto* h = reinterpret_cast<uint16_t*>(data.data() + r * stride);
            for (size_t i = 0; i < n; ++i) {
                const float x = g(rng) * (r == 1 ? 1e-6f : 1.0f);  // row 1: subnormal halves
                h[i] = f32_to_f16(x);
                mag += std::abs(double(f16_to_f32(h[i])) * q[i]);
            }
        }
        std::vector<float> want(rows), got(rows);
        kernels::kernels_ref().dot_rows_f16(data.data(), stride, rows, q.data(), n, want.data());
        for (const auto* k : kernels::available_kernels()) {
            k->dot_rows_f16(data.data(), stride, rows, q.data(), n, got.data());
            for (size_t r = 0; r < rows; ++r) EXPECT_NEAR(got[r], want[r], 1e-5 * mag) << k->name << " n=" << n;
        }
    }
}

TEST(Kernels, DotF32AgreesWithReference) {
    std::mt19937_64 rng(kSeed + 2);
    std::normal_distribution<float> g;
    for (const auto* k : kernels::available_kernels()) {
        for (size_t n : kLengths) {
            std::vector<float> a(n), b(n);
            double mag = 0;
            for (size_t i = 0; i < n; ++i) {
                a[i] = g(rng);
                b[i] = g(rng);
                mag += std::abs(double(a[i]) * b[i]);
            }
            const float want = kernels::kernels_ref().dot_f32(a.data(), b.data(), n);
            const float got = k->dot_f32(a.data(), b.data(), n);
            EXPECT_NEAR(got, want, 1e-6 * (mag + 1)) << k->name << " n=" << n;

            const size_t stride = (n * 4 + 63) / 64 * 64 + 64;
            std::vector<uint8_t> rows(3 * stride);
            if (n > 0)
                for (int r = 0; r < 3; ++r) std::memcpy(rows.data() + r * stride, a.data(), n * 4);
            std::vector<float> out(3);
            k->dot_rows_f32(rows.data(), stride, 3, b.data(), n, out.data());
            for (float v : out) EXPECT_NEAR(v, want, 1e-6 * (mag + 1)) << k->name << " n=" << n;
        }
    }
}

}  // namespace
}  // namespace embx
