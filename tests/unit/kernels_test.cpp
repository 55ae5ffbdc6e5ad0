// Every compiled kernel set against the scalar reference, across the length classes that
// exercise main loops and tails. Integer kernels must match exactly.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "core/kernels/dot.hpp"
#include "core/quantize.hpp"

namespace embx {
namespace {

const size_t kLengths[] = {0, 1, 15, 16, 17, 31, 32, 33, 97, 100, 128, 1536};
constexpr uint64_t kSeed = 20261127;

TEST(Kernels, ReferenceIsAlwaysAvailable) {
    auto all = kernels::available_kernels();
    ASSERT_FALSE(all.empty());
    EXPECT_EQ(all.front()->isa, kernels::Isa::Ref);
#if defined(__wasm_simd128__)
    EXPECT_EQ(kernels::best_kernels().isa, kernels::Isa::Simd128);
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
