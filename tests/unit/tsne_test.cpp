// t-SNE: neighbours against brute force, affinities against their definition (row sums,
// perplexity), the reported KL against one computed from the layout, and layouts of generated
// clusters (separation, determinism, exact vs Barnes-Hut, 3D, degenerate input).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/tsne.hpp"
#include "fixtures.hpp"

namespace embx {
namespace {

bool all_finite(const std::vector<float>& v) {
    return std::all_of(v.begin(), v.end(), [](float x) { return std::isfinite(x); });
}

// Share of points whose nearest other point in the layout is from the same cluster (rows come
// in clusters of `cluster` consecutive rows).
double same_cluster_rate(const Tsne& t, size_t cluster) {
    const size_t n = t.points(), dims = size_t(t.options().dims);
    const auto& y = t.coords();
    size_t same = 0;
    for (size_t i = 0; i < n; ++i) {
        double best = INFINITY;
        size_t nearest = i;
        for (size_t j = 0; j < n; ++j) {
            if (j == i) continue;
            double d2 = 0;
            for (size_t d = 0; d < dims; ++d) d2 += std::pow(double(y[i * dims + d]) - y[j * dims + d], 2);
            if (d2 < best) {
                best = d2;
                nearest = j;
            }
        }
        same += nearest / cluster == i / cluster;
    }
    return double(same) / double(n);
}

KnnGraph clusters_knn(size_t n, size_t cluster, double perplexity, uint64_t seed = 11, uint32_t dims = 20) {
    const auto table = test::to_table(test::make_float_table(n, dims, seed, cluster), DType::F32);
    auto g = knn_for_tsne(*table, n, tsne_neighbors(n, perplexity));
    EXPECT_TRUE(g.ok()) << g.error();
    return g.ok() ? std::move(*g) : KnnGraph{};
}

TEST(Tsne, KnnMatchesBruteForce) {
    const auto f = test::make_float_table(300, 16, 7, 10);
    const auto table = test::to_table(f, DType::F32);
    const size_t n = 250, k = 15;  // the first 250 rows only
    auto g = knn_for_tsne(*table, n, k);
    ASSERT_TRUE(g.ok()) << g.error();
    ASSERT_EQ(g->n, n);
    ASSERT_EQ(g->k, k);
    auto dist2 = [&](size_t a, size_t b) {  // between the unit vectors, in double
        double ab = 0, aa = 0, bb = 0;
        for (uint32_t d = 0; d < f.dims; ++d) {
            ab += double(f.row(a)[d]) * f.row(b)[d];
            aa += double(f.row(a)[d]) * f.row(a)[d];
            bb += double(f.row(b)[d]) * f.row(b)[d];
        }
        return 2 - 2 * ab / std::sqrt(aa * bb);
    };
    for (size_t i = 0; i < n; ++i) {
        std::vector<double> all;
        for (size_t j = 0; j < n; ++j)
            if (j != i) all.push_back(dist2(i, j));
        std::sort(all.begin(), all.end());
        for (size_t c = 0; c < k; ++c) {
            const uint32_t j = g->idx[i * k + c];
            ASSERT_LT(j, n);
            ASSERT_NE(j, i);
            EXPECT_NEAR(g->dist2[i * k + c], dist2(i, j), 1e-5) << i << " " << j;
            EXPECT_NEAR(g->dist2[i * k + c], all[c], 1e-5) << "row " << i << " rank " << c;  // none missed
        }
    }
}

TEST(Tsne, KnnOnInt8TableFindsTheSameNeighbours) {
    const auto f = test::make_float_table(200, 50, 8, 20);
    auto exact = knn_for_tsne(*test::to_table(f, DType::F32), 200, 10);
    auto quant = knn_for_tsne(*test::to_table(f, DType::I8), 200, 10);
    ASSERT_TRUE(exact.ok() && quant.ok());
    size_t shared = 0;
    for (size_t i = 0; i < 200; ++i)
        for (size_t c = 0; c < 10; ++c) {
            const auto* row = exact->idx.data() + i * 10;
            shared += std::count(row, row + 10, quant->idx[i * 10 + c]);
            EXPECT_NEAR(quant->dist2[i * 10 + c], exact->dist2[i * 10 + c], 0.02);
        }
    EXPECT_GT(double(shared) / 2000.0, 0.9);
}

TEST(Tsne, KnnBadArgumentsAndZeroRows) {
    auto f = test::make_float_table(20, 8, 9);
    std::fill_n(f.values.begin() + 5 * 8, 8, 0.0f);  // row 5 is all zeros
    const auto table = test::to_table(f, DType::I8);
    EXPECT_FALSE(knn_for_tsne(*table, 21, 3).ok());
    EXPECT_FALSE(knn_for_tsne(*table, 1, 1).ok());
    EXPECT_FALSE(knn_for_tsne(*table, 10, 0).ok());
    EXPECT_FALSE(knn_for_tsne(*table, 10, 10).ok());
    auto g = knn_for_tsne(*table, 20, 19);
    ASSERT_TRUE(g.ok()) << g.error();
    for (size_t c = 0; c < 19; ++c) {
        EXPECT_NE(g->idx[5 * 19 + c], 5u);
        EXPECT_EQ(g->dist2[5 * 19 + c], 2.0f);
    }
    EXPECT_TRUE(std::all_of(g->dist2.begin(), g->dist2.end(), [](float d) { return d >= 0 && d <= 4; }));
}

TEST(Tsne, NeighbourCountIsSklearns) {
    EXPECT_EQ(tsne_neighbors(10000, 30), 91u);
    EXPECT_EQ(tsne_neighbors(50, 30), 49u);
    EXPECT_EQ(tsne_neighbors(1000, 2.5), 8u);
}

TEST(Tsne, ConditionalRowsHaveTheTargetPerplexity) {
    const KnnGraph g = clusters_knn(300, 30, 30);
    for (double perplexity : {30.0, 5.0}) {
        const auto p = tsne_conditional_p(g, perplexity);
        ASSERT_EQ(p.size(), g.n * g.k);
        for (size_t i = 0; i < g.n; ++i) {
            double sum = 0, entropy = 0;
            for (size_t c = 0; c < g.k; ++c) {
                const double v = p[i * g.k + c];
                ASSERT_GE(v, 0);
                sum += v;
                if (v > 0) entropy -= v * std::log(v);
            }
            EXPECT_NEAR(sum, 1.0, 1e-5) << "row " << i;
            EXPECT_NEAR(std::exp(entropy), perplexity, 1e-3) << "row " << i;
        }
    }
}

TEST(Tsne, JointPIsSymmetrizedAndSumsToOne) {
    const KnnGraph g = clusters_knn(200, 20, 10);
    TsneOptions opt;
    opt.perplexity = 10;
    auto t = Tsne::create(g, opt);
    ASSERT_TRUE(t.ok()) << t.error();
    // Stored: the upper triangle of the symmetric P.
    const auto& row = t->p_rows();
    const auto& col = t->p_cols();
    const auto& val = t->p_values();
    ASSERT_EQ(row.size(), 201u);
    const auto cond = tsne_conditional_p(g, 10);
    auto cond_at = [&](size_t i, size_t j) {
        double v = 0;
        for (size_t c = 0; c < g.k; ++c)
            if (g.idx[i * g.k + c] == j) v += cond[i * g.k + c];
        return v;
    };
    auto find = [&](size_t i, size_t j) -> const float* {  // P(i, j), i < j
        const auto b = col.begin() + std::ptrdiff_t(row[i]), e = col.begin() + std::ptrdiff_t(row[i + 1]);
        const auto it = std::lower_bound(b, e, uint32_t(j));
        return it != e && *it == j ? &val[size_t(it - col.begin())] : nullptr;
    };
    double total = 0;
    for (size_t i = 0; i < 200; ++i)
        for (size_t e = row[i]; e < row[i + 1]; ++e) {
            const size_t j = col[e];
            EXPECT_GT(j, i);
            if (e > row[i]) { EXPECT_LT(col[e - 1], j) << "columns sorted, no duplicates"; }
            total += 2.0 * val[e];
            EXPECT_NEAR(val[e], (cond_at(i, j) + cond_at(j, i)) / 400.0, 1e-8);
        }
    EXPECT_NEAR(total, 1.0, 1e-5);
    for (size_t i = 0; i < 200; ++i)  // every neighbour pair is there
        for (size_t c = 0; c < g.k; ++c) {
            const size_t j = g.idx[i * g.k + c];
            EXPECT_NE(find(std::min(i, j), std::max(i, j)), nullptr) << i << " " << j;
        }
}

TEST(Tsne, SameSeedSameLayoutOtherSeedOther) {
    const KnnGraph g = clusters_knn(200, 25, 15);
    TsneOptions opt;
    opt.perplexity = 15;
    opt.iterations = 300;
    auto a = Tsne::create(g, opt), b = Tsne::create(g, opt);
    opt.seed = 43;
    auto c = Tsne::create(g, opt);
    ASSERT_TRUE(a.ok() && b.ok() && c.ok());
    a->step(300);
    b->step(120);
    b->step(180);
    c->step(300);
    EXPECT_EQ(a->coords(), b->coords());
    EXPECT_NE(a->coords(), c->coords());
    EXPECT_TRUE(all_finite(a->coords()));
}

// The start must be the same natively and in wasm (own Box-Muller on mt19937_64), so these
// values are written down once.
TEST(Tsne, StartIsTheSameOnEveryPlatform) {
    const KnnGraph g = clusters_knn(50, 10, 5);
    TsneOptions opt;
    opt.perplexity = 5;
    opt.seed = 1;
    auto t = Tsne::create(g, opt);
    ASSERT_TRUE(t.ok()) << t.error();
    const auto& y = t->coords();
    ASSERT_EQ(y.size(), 100u);
    const float want[4] = {0x1.13532ep-13f, 0x1.3deac2p-13f, 0x1.06454ap-13f, 0x1.16ca1p-16f};
    for (int i = 0; i < 4; ++i) EXPECT_EQ(y[size_t(i)], want[i]) << i;
    double ss = 0;
    for (float v : y) ss += double(v) * v;
    EXPECT_NEAR(std::sqrt(ss / 100), 1e-4, 0.3e-4);  // standard deviation 1e-4
}

TEST(Tsne, ClustersSeparate) {
    const KnnGraph g = clusters_knn(400, 50, 30);
    auto t = Tsne::create(g, TsneOptions{});
    ASSERT_TRUE(t.ok()) << t.error();
    t->step(300);
    const double kl_early = t->kl_divergence();
    EXPECT_FALSE(t->step(700));
    EXPECT_TRUE(all_finite(t->coords()));
    EXPECT_GT(same_cluster_rate(*t, 50), 0.9);
    EXPECT_GT(t->kl_divergence(), 0);
    EXPECT_LT(t->kl_divergence(), kl_early);
}

TEST(Tsne, ExactAndBarnesHutAgree) {
    const KnnGraph g = clusters_knn(300, 30, 20);
    TsneOptions opt;
    opt.perplexity = 20;
    opt.iterations = 500;
    auto bh = Tsne::create(g, opt);
    opt.theta = 0;
    auto exact = Tsne::create(g, opt);
    ASSERT_TRUE(bh.ok() && exact.ok());
    bh->step(500);
    exact->step(500);
    EXPECT_NEAR(bh->kl_divergence(), exact->kl_divergence(), 0.05 * exact->kl_divergence());
    EXPECT_GT(same_cluster_rate(*bh, 30), 0.9);
    EXPECT_GT(same_cluster_rate(*exact, 30), 0.9);
}

// KL(P || Q) computed directly from the layout: Q from every pair, with sklearn's kernel
// (degrees of freedom max(dims - 1, 1)).
double exact_kl(const Tsne& t, const std::vector<float>& y) {
    const size_t n = t.points(), dims = size_t(t.options().dims);
    const double dof = std::max(double(dims) - 1, 1.0);
    auto w = [&](size_t i, size_t j) {
        double d2 = 0;
        for (size_t d = 0; d < dims; ++d) d2 += std::pow(double(y[i * dims + d]) - y[j * dims + d], 2);
        return std::pow(dof / (dof + d2), (dof + 1) / 2);
    };
    double z = 0;
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j)
            if (i != j) z += w(i, j);
    double kl = 0;
    for (size_t i = 0; i < n; ++i)
        for (size_t e = t.p_rows()[i]; e < t.p_rows()[i + 1]; ++e) {
            const double p = t.p_values()[e];
            kl += 2 * p * std::log(p / (w(i, t.p_cols()[e]) / z));  // both halves
        }
    return kl;
}

TEST(Tsne, KlDivergenceIsTheLayouts) {
    const KnnGraph g = clusters_knn(200, 25, 15);
    for (int dims : {2, 3}) {
        for (double theta : {0.0, 0.5}) {
            TsneOptions opt;
            opt.dims = dims;
            opt.perplexity = 15;
            opt.iterations = 200;
            opt.exaggeration_iterations = 100;
            opt.theta = theta;
            auto t = Tsne::create(g, opt);
            ASSERT_TRUE(t.ok()) << t.error();
            t->step(199);
            const auto y = t->coords();
            t->step(1);  // the last iteration reports the KL of the layout it started from
            const double want = exact_kl(*t, y);
            EXPECT_NEAR(t->kl_divergence(), want, (theta == 0 ? 1e-6 : 5e-3) * want) << dims << "D theta " << theta;
            EXPECT_FALSE(t->exaggerating());
        }
    }
}

TEST(Tsne, ThreeDimensions) {
    const KnnGraph g = clusters_knn(400, 50, 30);
    TsneOptions opt;
    opt.dims = 3;
    auto t = Tsne::create(g, opt);
    ASSERT_TRUE(t.ok()) << t.error();
    t->step(1000);
    ASSERT_EQ(t->coords().size(), 1200u);
    EXPECT_TRUE(all_finite(t->coords()));
    EXPECT_GT(same_cluster_rate(*t, 50), 0.9);
    EXPECT_GT(t->kl_divergence(), 0);
}

TEST(Tsne, StepCountsIterations) {
    const KnnGraph g = clusters_knn(60, 10, 5);
    TsneOptions opt;
    opt.perplexity = 5;
    opt.iterations = 300;
    auto t = Tsne::create(g, opt);
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t->iteration(), 0);
    EXPECT_TRUE(t->step(10));
    EXPECT_EQ(t->iteration(), 10);
    EXPECT_FALSE(t->step(1000));
    EXPECT_EQ(t->iteration(), 300);
    EXPECT_TRUE(t->finished());
    const auto y = t->coords();
    EXPECT_FALSE(t->step(5));
    EXPECT_EQ(t->coords(), y);
}

TEST(Tsne, BadInputIsAnError) {
    KnnGraph one;
    one.n = 1;
    auto e = Tsne::create(one, TsneOptions{});
    ASSERT_FALSE(e.ok());
    EXPECT_NE(e.error().find("at least 3 points"), std::string::npos) << e.error();

    KnnGraph two;
    two.n = 2;
    two.k = 1;
    two.idx = {1, 0};
    two.dist2 = {0.5f, 0.5f};
    e = Tsne::create(two, TsneOptions{});
    ASSERT_FALSE(e.ok());
    EXPECT_NE(e.error().find("at least 3 points (got 2)"), std::string::npos) << e.error();

    const KnnGraph g20 = clusters_knn(20, 5, 5);  // k = 16
    e = Tsne::create(g20, TsneOptions{});         // perplexity 30
    ASSERT_FALSE(e.ok());
    EXPECT_NE(e.error().find("perplexity 30 must be less than the number of points (20)"), std::string::npos)
        << e.error();

    const KnnGraph g100 = clusters_knn(100, 10, 3);  // k = 10
    e = Tsne::create(g100, TsneOptions{});
    ASSERT_FALSE(e.ok());
    EXPECT_NE(e.error().find("needs at least 90 neighbours per point (got 10)"), std::string::npos) << e.error();

    TsneOptions opt;
    opt.perplexity = 3;
    opt.dims = 4;
    EXPECT_FALSE(Tsne::create(g100, opt).ok());
    opt.dims = 2;
    opt.theta = -1;
    EXPECT_FALSE(Tsne::create(g100, opt).ok());
    opt.theta = 0.5;
    ASSERT_TRUE(Tsne::create(g100, opt).ok());
    KnnGraph bad = g100;
    bad.idx[7] = 100;
    EXPECT_FALSE(Tsne::create(bad, opt).ok());
    bad = g100;
    bad.idx[0] = 0;  // point 0 its own neighbour
    EXPECT_FALSE(Tsne::create(bad, opt).ok());
    bad = g100;
    bad.dist2[3] = NAN;
    EXPECT_FALSE(Tsne::create(bad, opt).ok());
    bad = g100;
    bad.idx.pop_back();
    EXPECT_FALSE(Tsne::create(bad, opt).ok());
}

TEST(Tsne, IdenticalVectorsGiveFiniteCoordinates) {
    test::FloatTable f;
    f.dims = 8;
    for (size_t r = 0; r < 60; ++r) {
        f.words.push_back("w" + std::to_string(r));
        for (int d = 0; d < 8; ++d) f.values.push_back(0.25f * float(d + 1));
    }
    for (DType dtype : {DType::F32, DType::I8}) {
        auto g = knn_for_tsne(*test::to_table(f, dtype), 60, tsne_neighbors(60, 10));
        ASSERT_TRUE(g.ok()) << g.error();
        TsneOptions opt;
        opt.perplexity = 10;
        for (int dims : {2, 3}) {
            opt.dims = dims;
            auto t = Tsne::create(*g, opt);
            ASSERT_TRUE(t.ok()) << t.error();
            EXPECT_FALSE(t->step(1000));
            EXPECT_TRUE(all_finite(t->coords()));
            EXPECT_TRUE(std::isfinite(t->kl_divergence()));
        }
    }
}

TEST(Tsne, TinyInputsRun) {
    // 3 points, the fewest allowed: a single tree leaf.
    KnnGraph g;
    g.n = 3;
    g.k = 2;
    g.idx = {1, 2, 0, 2, 0, 1};
    g.dist2 = {1, 2, 1, 1.5f, 2, 1.5f};
    TsneOptions opt;
    opt.perplexity = 1.5;
    auto t = Tsne::create(g, opt);
    ASSERT_TRUE(t.ok()) << t.error();
    t->step(1000);
    EXPECT_TRUE(all_finite(t->coords()));
}

}  // namespace
}  // namespace embx
