// PCA against a plain double-precision reference computed here: two-pass mean and covariance of
// the same (dequantized) rows, eigenvectors by cyclic Jacobi rotations (independent of the
// Eigen solver the core uses). Tables span several 1024-row blocks with a partial last one.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/kernels/scatter.hpp"
#include "core/pca.hpp"
#include "fixtures.hpp"

namespace embx {
namespace {

struct Reference {
    std::vector<double> mean, values;          // eigenvalues, descending
    std::vector<std::vector<double>> vectors;  // unit, largest-|entry| positive
    std::vector<std::vector<double>> rows;     // the rows the PCA saw
    double total = 0;
};

// Cyclic Jacobi on a symmetric matrix a (n x n, row-major); returns eigenvectors as columns of v.
void jacobi(std::vector<double>& a, size_t n, std::vector<double>& v) {
    v.assign(n * n, 0);
    for (size_t i = 0; i < n; ++i) v[i * n + i] = 1;
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0;
        for (size_t p = 0; p < n; ++p)
            for (size_t q = p + 1; q < n; ++q) off += a[p * n + q] * a[p * n + q];
        if (off < 1e-30) return;
        for (size_t p = 0; p < n; ++p)
            for (size_t q = p + 1; q < n; ++q) {
                if (std::abs(a[p * n + q]) < 1e-300) continue;
                const double theta = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q]);
                const double t = (theta >= 0 ? 1 : -1) / (std::abs(theta) + std::sqrt(theta * theta + 1));
                const double c = 1 / std::sqrt(t * t + 1), s = t * c;
                for (size_t k = 0; k < n; ++k) {  // columns p, q
                    const double akp = a[k * n + p], akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for (size_t k = 0; k < n; ++k) {  // rows p, q
                    const double apk = a[p * n + k], aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for (size_t k = 0; k < n; ++k) {
                    const double vkp = v[k * n + p], vkq = v[k * n + q];
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
    }
}

Reference reference_pca(const EmbeddingTable& t, size_t n, bool spherize) {
    const size_t d = t.dims();
    Reference ref;
    std::vector<float> row(d);
    for (size_t r = 0; r < n; ++r) {
        t.row_as_float(r, row.data());
        ref.rows.emplace_back(row.begin(), row.end());
    }
    auto mean_of = [&] {
        std::vector<double> m(d, 0);
        for (const auto& x : ref.rows)
            for (size_t j = 0; j < d; ++j) m[j] += x[j] / double(n);
        return m;
    };
    if (spherize) {
        const auto m = mean_of();
        for (auto& x : ref.rows) {
            double len = 0;
            for (size_t j = 0; j < d; ++j) len += (x[j] - m[j]) * (x[j] - m[j]);
            len = std::sqrt(len);
            for (size_t j = 0; j < d; ++j) x[j] = len > 0 ? (x[j] - m[j]) / len : 0;
        }
    }
    ref.mean = mean_of();
    std::vector<double> cov(d * d, 0), vec;
    for (const auto& x : ref.rows)
        for (size_t i = 0; i < d; ++i)
            for (size_t j = 0; j < d; ++j) cov[i * d + j] += (x[i] - ref.mean[i]) * (x[j] - ref.mean[j]) / double(n - 1);
    for (size_t i = 0; i < d; ++i) ref.total += cov[i * d + i];
    jacobi(cov, d, vec);
    std::vector<size_t> order(d);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return cov[a * d + a] > cov[b * d + b]; });
    for (size_t c : order) {
        ref.values.push_back(cov[c * d + c]);
        std::vector<double> v(d);
        for (size_t j = 0; j < d; ++j) v[j] = vec[j * d + c];
        const size_t big = size_t(std::max_element(v.begin(), v.end(), [](double a, double b) {
                                      return std::abs(a) < std::abs(b);
                                  }) - v.begin());
        if (v[big] < 0)
            for (double& e : v) e = -e;
        ref.vectors.push_back(v);
    }
    return ref;
}

// Clustered Gaussian rows with a spread that differs per dimension, so the top eigenvalues are
// well apart and the components well defined; `offset` is added to every value.
std::shared_ptr<EmbeddingTable> table_of(size_t rows, uint32_t dims, DType dtype, float offset = 0) {
    auto f = test::make_float_table(rows, dims, 7, 3);
    for (size_t r = 0; r < rows; ++r)
        for (uint32_t j = 0; j < dims; ++j) f.values[r * dims + j] = f.values[r * dims + j] * (2.0f - 0.12f * float(j)) + offset;
    return test::to_table(f, dtype);
}

void expect_matches(const PcaResult& got, const Reference& ref, size_t d, double rel = 1e-5) {
    const size_t k = size_t(got.dims);
    ASSERT_EQ(got.components.size(), k * d);
    ASSERT_EQ(got.coords.size(), got.rows * k);
    for (size_t j = 0; j < d; ++j) EXPECT_NEAR(got.mean[j], ref.mean[j], 1e-5 * (1 + std::abs(ref.mean[j])));
    for (size_t c = 0; c < k; ++c) {
        EXPECT_NEAR(got.explained_variance[c], ref.values[c], rel * ref.values[0]) << "component " << c;
        EXPECT_NEAR(got.explained_variance_ratio[c], ref.values[c] / ref.total, rel) << "component " << c;
        for (size_t j = 0; j < d; ++j)
            EXPECT_NEAR(got.components[c * d + j], ref.vectors[c][j], 1e-5) << "component " << c << " entry " << j;
        double worst = 0;
        for (size_t r = 0; r < got.rows; ++r) {
            double want = 0;
            for (size_t j = 0; j < d; ++j) want += (ref.rows[r][j] - ref.mean[j]) * ref.vectors[c][j];
            worst = std::max(worst, std::abs(double(got.coords[r * k + c]) - want));
        }
        // A coordinate's error is the component's (~1e-6) times the row's distance from the
        // mean, plus float rounding of (row - mean), which scales with the values themselves.
        double biggest_mean = 0, farthest = 0;
        for (double m : ref.mean) biggest_mean = std::max(biggest_mean, std::abs(m));
        for (const auto& x : ref.rows) {
            double dist = 0;
            for (size_t j = 0; j < d; ++j) dist += (x[j] - ref.mean[j]) * (x[j] - ref.mean[j]);
            farthest = std::max(farthest, std::sqrt(dist));
        }
        EXPECT_LT(worst, 1e-5 * (farthest + biggest_mean)) << "coordinates of component " << c;
    }
}

// Every scatter kernel (reference, AVX2, SIMD128: whichever this build and CPU have) against
// sums in double, across the tile and chunk edges (4 x 8/16 tiles, 64-row chunks). Called twice
// on the same c: kernels add to c, they do not overwrite it.
TEST(Pca, ScatterKernelsMatchDoubleSums) {
    std::mt19937 rng(3);
    std::normal_distribution<float> g(0.0f, 1.0f);
    for (const auto* set : kernels::available_kernels()) {
        const kernels::ScatterF32 kernel = kernels::scatter_f32_for(set->isa);
        ASSERT_NE(kernel, nullptr) << set->name;
        for (size_t dims : {1, 3, 4, 15, 16, 17, 31, 100, 130}) {
            for (size_t rows : {0, 1, 7, 64, 65, 200}) {
                const size_t stride = kernels::scatter_stride(dims);
                std::vector<float> x(rows * stride, 0.0f), c(stride * stride, 0.0f);
                for (size_t r = 0; r < rows; ++r)
                    for (size_t j = 0; j < dims; ++j) x[r * stride + j] = g(rng);
                kernel(x.data(), rows, stride, c.data());
                kernel(x.data(), rows, stride, c.data());
                double worst = 0;
                for (size_t i = 0; i < dims; ++i)
                    for (size_t j = 0; j <= i; ++j) {
                        double want = 0, mag = 0;
                        for (size_t r = 0; r < rows; ++r) {
                            want += 2.0 * x[r * stride + i] * x[r * stride + j];
                            mag += 2.0 * std::abs(x[r * stride + i] * x[r * stride + j]);
                        }
                        worst = std::max(worst, std::abs(c[i * stride + j] - want) / (mag + 1e-30));
                    }
                EXPECT_LT(worst, 1e-6) << set->name << " dims " << dims << " rows " << rows;
            }
        }
    }
}

TEST(Pca, MatchesDoublePrecisionReference) {
    const auto t = table_of(2500, 12, DType::F32);
    const auto ref = reference_pca(*t, t->rows(), false);
    ASSERT_GT(ref.values[2] - ref.values[3], 0.05 * ref.values[3]) << "fixture eigenvalues too close";
    for (int dims : {1, 2, 3}) {
        PcaOptions opt;
        opt.dims = dims;
        auto got = pca(*t, opt);
        ASSERT_TRUE(got.ok()) << got.error();
        EXPECT_EQ(got->rows, 2500u);
        EXPECT_EQ(got->dims, dims);
        expect_matches(*got, ref, 12);
    }
}

TEST(Pca, Int8TableMatchesReferenceOnDequantizedRows) {
    const auto t = table_of(2100, 16, DType::I8);
    PcaOptions opt;
    opt.dims = 3;
    auto got = pca(*t, opt);
    ASSERT_TRUE(got.ok()) << got.error();
    expect_matches(*got, reference_pca(*t, t->rows(), false), 16);
}

// A large common offset is where the one-pass formula sum(x x^T) - n m m^T loses every digit.
TEST(Pca, LargeCommonOffsetDoesNotCancel) {
    const auto t = table_of(3000, 8, DType::F32, 1000.0f);
    PcaOptions opt;
    opt.dims = 3;
    auto got = pca(*t, opt);
    ASSERT_TRUE(got.ok()) << got.error();
    expect_matches(*got, reference_pca(*t, t->rows(), false), 8);
}

TEST(Pca, AllComponentsAreOrthonormalAndRatiosSumToOne) {
    const auto t = table_of(1500, 10, DType::F32);
    PcaOptions opt;
    opt.dims = 10;
    auto got = pca(*t, opt);
    ASSERT_TRUE(got.ok()) << got.error();
    const double sum = std::accumulate(got->explained_variance_ratio.begin(), got->explained_variance_ratio.end(), 0.0);
    EXPECT_NEAR(sum, 1.0, 1e-9);
    for (size_t c = 1; c < 10; ++c) EXPECT_LE(got->explained_variance[c], got->explained_variance[c - 1]);
    for (size_t a = 0; a < 10; ++a)
        for (size_t b = 0; b < 10; ++b) {
            double dot = 0;
            for (size_t j = 0; j < 10; ++j) dot += double(got->components[a * 10 + j]) * got->components[b * 10 + j];
            EXPECT_NEAR(dot, a == b ? 1.0 : 0.0, 1e-5) << a << "," << b;
        }
}

TEST(Pca, SignConventionLargestEntryPositive) {
    const auto t = table_of(1200, 9, DType::F32);
    PcaOptions opt;
    opt.dims = 3;
    auto got = pca(*t, opt);
    ASSERT_TRUE(got.ok()) << got.error();
    for (size_t c = 0; c < 3; ++c) {
        const float* v = got->components.data() + c * 9;
        const float* big = std::max_element(v, v + 9, [](float a, float b) { return std::abs(a) < std::abs(b); });
        EXPECT_GT(*big, 0.0f) << "component " << c;
    }
}

TEST(Pca, IsDeterministic) {
    const auto t = table_of(2000, 12, DType::I8);
    PcaOptions opt;
    opt.dims = 3;
    auto a = pca(*t, opt), b = pca(*t, opt);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->coords, b->coords);
    EXPECT_EQ(a->components, b->components);
    EXPECT_EQ(a->explained_variance, b->explained_variance);
}

TEST(Pca, SpherizeMatchesReferenceOnUnitRows) {
    const auto t = table_of(2300, 12, DType::F32, 3.0f);
    PcaOptions opt;
    opt.dims = 3;
    opt.spherize = true;
    auto got = pca(*t, opt);
    ASSERT_TRUE(got.ok()) << got.error();
    const auto ref = reference_pca(*t, t->rows(), true);
    expect_matches(*got, ref, 12);
    for (const auto& x : ref.rows) {  // the reference really did spherize
        double len = 0;
        for (double v : x) len += v * v;
        ASSERT_NEAR(len, 1.0, 1e-9);
    }
}

TEST(Pca, LimitUsesTheFirstRowsAndClamps) {
    const auto t = table_of(2600, 12, DType::F32);
    PcaOptions opt;
    opt.dims = 2;
    opt.limit = 1100;
    auto got = pca(*t, opt);
    ASSERT_TRUE(got.ok()) << got.error();
    EXPECT_EQ(got->rows, 1100u);
    expect_matches(*got, reference_pca(*t, 1100, false), 12);
    opt.limit = 1000000;
    got = pca(*t, opt);
    ASSERT_TRUE(got.ok()) << got.error();
    EXPECT_EQ(got->rows, 2600u);
}

TEST(Pca, IdenticalRowsHaveZeroVarianceNotNaN) {
    test::FloatTable f;
    f.dims = 5;
    for (int r = 0; r < 1500; ++r) {  // two blocks, so the shift is not just "this block"
        f.words.push_back("w" + std::to_string(r));
        for (float v : {0.1f, -3.7f, 12.25f, 0.0f, 1e-3f}) f.values.push_back(v);
    }
    for (DType dtype : {DType::F32, DType::I8}) {
        const auto t = test::to_table(f, dtype);
        for (bool sph : {false, true}) {
            PcaOptions opt;
            opt.dims = 3;
            opt.spherize = sph;
            auto got = pca(*t, opt);
            ASSERT_TRUE(got.ok()) << got.error();
            for (size_t c = 0; c < 3; ++c) {
                EXPECT_EQ(got->explained_variance[c], 0.0);
                EXPECT_EQ(got->explained_variance_ratio[c], 0.0);
            }
            for (float v : got->coords) ASSERT_EQ(v, 0.0f);
            for (float v : got->components) ASSERT_TRUE(std::isfinite(v));
        }
    }
}

TEST(Pca, BadInputIsAnError) {
    const auto t = table_of(40, 6, DType::F32);
    PcaOptions opt;
    opt.dims = 0;
    auto r = pca(*t, opt);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().find("dims"), std::string::npos) << r.error();
    opt.dims = 7;
    EXPECT_FALSE(pca(*t, opt).ok());
    opt.dims = 2;
    opt.limit = 1;
    r = pca(*t, opt);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().find("at least 2 rows"), std::string::npos) << r.error();

    const auto one = table_of(1, 6, DType::F32);
    opt.limit = 0;
    r = pca(*one, opt);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().find("at least 2 rows"), std::string::npos) << r.error();
    EXPECT_FALSE(pca(*table_of(0, 6, DType::F32), opt).ok());
}

TEST(Pca, TwoRowsGiveOneComponent) {
    const auto t = table_of(2, 4, DType::F32);
    PcaOptions opt;
    opt.dims = 3;
    auto got = pca(*t, opt);
    ASSERT_TRUE(got.ok()) << got.error();
    EXPECT_NEAR(got->explained_variance_ratio[0], 1.0, 1e-6);
    EXPECT_NEAR(got->explained_variance_ratio[1], 0.0, 1e-6);
    EXPECT_NEAR(got->coords[0], -got->coords[3], 1e-5);  // symmetric about the mean
}

TEST(Pca, ReportsProgressAndCanBeCancelled) {
    const auto t = table_of(5000, 8, DType::F32);
    std::vector<double> seen;
    auto got = pca(*t, PcaOptions{}, [&seen](double f) {
        seen.push_back(f);
        return true;
    });
    ASSERT_TRUE(got.ok()) << got.error();
    ASSERT_GE(seen.size(), 5u);
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    EXPECT_EQ(seen.front(), 0.0);
    EXPECT_EQ(seen.back(), 1.0);

    int calls = 0;
    auto cancelled = pca(*t, PcaOptions{}, [&calls](double) { return ++calls < 3; });
    ASSERT_FALSE(cancelled.ok());
    EXPECT_NE(cancelled.error().find("cancelled"), std::string::npos);
    EXPECT_EQ(calls, 3);
}

}  // namespace
}  // namespace embx
