#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "core/dtype.hpp"
#include "core/half.hpp"
#include "core/quantize.hpp"

namespace embx {
namespace {

TEST(Quantize, RowI8RoundTripWithinHalfAStep) {
    std::mt19937_64 rng(7);
    std::normal_distribution<float> g;
    for (size_t n : {1, 17, 100, 1536}) {
        std::vector<float> x(n);
        for (auto& v : x) v = g(rng);
        std::vector<int8_t> q(n);
        const float s = quantize_row_i8(x.data(), n, q.data());
        ASSERT_GT(s, 0);
        int maxq = 0;
        for (size_t i = 0; i < n; ++i) {
            EXPECT_LE(std::fabs(float(q[i]) * s - x[i]), 0.5f * s * 1.0001f) << i;
            maxq = std::max(maxq, std::abs(int(q[i])));
        }
        EXPECT_EQ(maxq, 127);  // the largest value uses the full range
    }
}

TEST(Quantize, RowI4WithinHalfABlockStep) {
    std::mt19937_64 rng(8);
    std::normal_distribution<float> g;
    for (size_t n : {1, 16, 17, 100, 1536}) {
        std::vector<float> x(n), back(n);
        for (auto& v : x) v = g(rng);
        std::vector<uint8_t> row(dtype_packed_bytes(DType::I4, n));
        quantize_row_i4(x.data(), n, row.data());
        dequantize_row_i4(row.data(), n, back.data());
        for (size_t i = 0; i < n; ++i) {
            const size_t b = i / 16;
            float m = 0;
            for (size_t j = b * 16; j < std::min(n, b * 16 + 16); ++j) m = std::max(m, std::fabs(x[j]));
            EXPECT_LE(std::fabs(back[i] - x[i]), m / 7 * 0.51f + 1e-6f) << "n " << n << " i " << i;
        }
    }
    EXPECT_EQ(dtype_row_bytes(DType::I4, 100), 80u);  // 7 scales (16 B) + 7 x 8 B of nibbles
    EXPECT_EQ(dtype_row_bytes(DType::I4, 1536), 960u);
}

TEST(Quantize, ZeroRowHasZeroScale) {
    std::vector<float> x(10, 0.0f);
    std::vector<int8_t> q(10, 5);
    EXPECT_EQ(quantize_row_i8(x.data(), 10, q.data()), 0.0f);
    for (auto v : q) EXPECT_EQ(v, 0);
    EXPECT_EQ(norm_i8(q.data(), 10, 0.0f), 0.0f);
}

TEST(Quantize, QueryBoundKeepsInt32Exact) {
    for (size_t n : {1, 100, 1536, 4096, 65536}) {
        const int64_t qmax = query_i16_max(n);
        EXPECT_LE(int64_t(n) * 127 * qmax, int64_t(INT32_MAX)) << n;
        EXPECT_GE(qmax, 1);
    }
    EXPECT_EQ(query_i16_max(100), 32767);
}

TEST(Quantize, QueryI16RelativeErrorIsSmall) {
    std::vector<float> x = {0.5f, -0.25f, 0.125f, 0.0f, 1.0f};
    std::vector<int16_t> q(x.size());
    const float s = quantize_query_i16(x.data(), x.size(), q.data());
    for (size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(q[i] * s, x[i], 1.0f / 32767);
}

// Query quantization rounds ties to even (the same as nearbyint), in every element position
// (the loop is vectorized), and the largest |x| maps to the bound.
TEST(Quantize, QueryI16RoundsTiesToEven) {
    std::vector<float> x = {32767.0f, 0.5f, 1.5f, 2.5f, -2.5f, -0.5f, 100.4999f, -3.5f, 7.5f, 8.5f};
    std::vector<int16_t> q(x.size());
    const float s = quantize_query_i16(x.data(), x.size(), q.data());  // scale 1: qmax is 32767
    EXPECT_EQ(s, 1.0f);
    EXPECT_EQ(q, (std::vector<int16_t>{32767, 0, 2, 2, -2, 0, 100, -4, 8, 8}));

    std::vector<float> r(1001);
    for (size_t i = 0; i < r.size(); ++i) r[i] = std::sin(float(i) * 0.37f) * 3.0f;
    std::vector<int16_t> rq(r.size());
    const float rs = quantize_query_i16(r.data(), r.size(), rq.data());
    const float inv = 1.0f / rs;
    for (size_t i = 0; i < r.size(); ++i) ASSERT_LE(std::fabs(rq[i] - r[i] * inv), 0.5f + 1e-3f) << i;
}

TEST(Half, KnownValues) {
    EXPECT_EQ(f32_to_f16(0.0f), 0x0000);
    EXPECT_EQ(f32_to_f16(-0.0f), 0x8000);
    EXPECT_EQ(f32_to_f16(1.0f), 0x3C00);
    EXPECT_EQ(f32_to_f16(-2.0f), 0xC000);
    EXPECT_EQ(f32_to_f16(65504.0f), 0x7BFF);
    EXPECT_EQ(f32_to_f16(1e6f), 0x7C00);                 // overflow to infinity
    EXPECT_EQ(f32_to_f16(std::ldexp(1.0f, -24)), 0x0001);  // smallest subnormal
    EXPECT_EQ(f32_to_f16(std::ldexp(1.0f, -15)), 0x0200);
    EXPECT_EQ(f32_to_f16(std::ldexp(1.0f, -26)), 0x0000);  // underflow
    EXPECT_EQ(f16_to_f32(0x3555), 0.333251953125f);
    EXPECT_EQ(f16_to_f32(0x0001), std::ldexp(1.0f, -24));
    EXPECT_TRUE(std::isnan(f16_to_f32(0x7E00)));
}

TEST(Half, EveryHalfRoundTrips) {
    for (uint32_t h = 0; h < 0x10000; ++h) {
        if ((h & 0x7C00) == 0x7C00 && (h & 0x3FF)) continue;  // NaN payloads
        ASSERT_EQ(f32_to_f16(f16_to_f32(uint16_t(h))), h) << std::hex << h;
    }
}

TEST(Half, RoundsToNearestEven) {
    // 1 + 2^-11 lies exactly between two halves: ties go to the even mantissa (1.0).
    EXPECT_EQ(f32_to_f16(1.0f + std::ldexp(1.0f, -11)), 0x3C00);
    EXPECT_EQ(f32_to_f16(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3C02);
    EXPECT_EQ(f32_to_f16(1.0f + std::ldexp(1.0f, -11) + std::ldexp(1.0f, -20)), 0x3C01);
}

}  // namespace
}  // namespace embx
