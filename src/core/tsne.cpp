// Barnes-Hut t-SNE. Sections:
//   [knn]       knn_for_tsne: the table's own batched SIMD search
//   [affinity]  per-point perplexity search, symmetric sparse P
//   [create]    option checks, seeded start
//   [tree]      quadtree/octree over Morton-sorted points, rebuilt every iteration
//   [forces]    repulsion (Barnes-Hut, one tree walk per group of points), attraction (sparse P)
//   [update]    sklearn's gains and momentum
#include "core/tsne.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <utility>

#include "core/search.hpp"

namespace embx {

namespace {

constexpr size_t kKnnBatch = 256;     // queries per nearest_batch call: bounded memory
constexpr int kCheckEvery = 50;       // sklearn's n_iter_check: KL and stopping checks
constexpr int kPatience = 300;        // sklearn's n_iter_without_progress (after exaggeration)
constexpr double kMinGradNorm = 1e-7;
constexpr uint32_t kLeafPoints = 8;   // most points in a tree leaf
constexpr uint32_t kGroupPoints = 32; // most points sharing one interaction list
constexpr double kEntropyTolerance = 1e-5;
constexpr int kSearchSteps = 100;

// Four floats in one SIMD register (SSE natively, SIMD128 in wasm) through the GCC/Clang
// vector extension: one source for the repulsion's inner loop on both targets.
using f4 = float __attribute__((vector_size(16)));
inline f4 load4(const float* p) {
    f4 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
inline void store4(float* p, f4 v) { std::memcpy(p, &v, sizeof v); }
inline f4 splat4(float x) { return f4{x, x, x, x}; }
inline double sum4(f4 v) { return (double(v[0]) + v[1]) + (double(v[2]) + v[3]); }

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

}  // namespace

// [knn] ---------------------------------------------------------------------------------------

size_t tsne_neighbors(size_t n, double perplexity) {
    if (n < 2 || !(perplexity > 0)) return 0;
    const double k = std::floor(3.0 * perplexity + 1.0);
    return k >= double(n - 1) ? n - 1 : size_t(k);
}

Expected<KnnGraph> knn_for_tsne(const EmbeddingTable& table, size_t n, size_t k) {
    if (n > table.rows())
        return Error{"t-SNE of " + std::to_string(n) + " rows, but the table has only " +
                     std::to_string(table.rows())};
    if (n < 2) return Error{"nearest neighbours need at least 2 rows (got " + std::to_string(n) + ")"};
    if (k == 0 || k >= n)
        return Error{"cannot find " + std::to_string(k) + " neighbours among " + std::to_string(n) +
                     " rows (need 1 <= k < rows)"};
    KnnGraph g;
    g.n = n;
    g.k = k;
    g.idx.resize(n * k);
    g.dist2.resize(n * k);
    const size_t dims = table.dims();
    std::vector<float> queries(kKnnBatch * dims);
    std::vector<std::vector<uint32_t>> excludes;
    std::vector<size_t> rows;  // the table row of each query in the batch
    for (size_t r0 = 0; r0 < n; r0 += kKnnBatch) {
        const size_t count = std::min(kKnnBatch, n - r0);
        rows.clear();
        excludes.clear();
        for (size_t r = r0; r < r0 + count; ++r) {
            float* q = queries.data() + rows.size() * dims;
            table.row_as_float(r, q);
            double ss = 0;
            for (size_t d = 0; d < dims; ++d) ss += double(q[d]) * q[d];
            if (ss > 0 && std::isfinite(ss)) {
                rows.push_back(r);
                excludes.push_back({uint32_t(r)});
                continue;
            }
            // A zero row has cosine 0 with everything (as the other rows see it): any
            // neighbours will do, all at distance^2 2.
            for (size_t j = 0, c = 0; c < k; ++j) {
                if (j == r) continue;
                g.idx[r * k + c] = uint32_t(j);
                g.dist2[r * k + c] = 2.0f;
                ++c;
            }
        }
        if (rows.empty()) continue;
        auto hits = nearest_batch(table, queries.data(), rows.size(), k, n, excludes);
        if (!hits) return Error{hits.error()};
        for (size_t q = 0; q < rows.size(); ++q) {
            const auto& h = (*hits)[q];
            if (h.size() != k) return Error{"row " + std::to_string(rows[q]) + ": too few neighbours found"};
            for (size_t c = 0; c < k; ++c) {
                g.idx[rows[q] * k + c] = h[c].row;
                // Quantized cosines can exceed 1 by a hair; distances cannot be negative.
                g.dist2[rows[q] * k + c] = std::max(0.0f, 2.0f - 2.0f * h[c].score);
            }
        }
    }
    return g;
}

// [affinity] ----------------------------------------------------------------------------------

std::vector<float> tsne_conditional_p(const KnnGraph& knn, double perplexity) {
    const size_t n = knn.n, k = knn.k;
    if (k == 0 || knn.dist2.size() != n * k) return {};
    std::vector<float> p(n * k);
    std::vector<double> w(k);
    const double target = std::log(perplexity);
    for (size_t i = 0; i < n; ++i) {
        const float* d = knn.dist2.data() + i * k;
        // Shifting by the nearest distance leaves the distribution (and its entropy) unchanged
        // and keeps exp() from underflowing to an all-zero row when distances are large.
        const double dmin = *std::min_element(d, d + k);
        double beta = 1, lo = 0, hi = std::numeric_limits<double>::infinity();
        double sum = 1;
        for (int step = 0; step < kSearchSteps; ++step) {
            sum = 0;
            double sum_dw = 0;
            for (size_t j = 0; j < k; ++j) {
                const double dj = double(d[j]) - dmin;
                w[j] = std::exp(-beta * dj);
                sum += w[j];
                sum_dw += dj * w[j];
            }
            // sum >= 1: the nearest neighbour contributes exp(0).
            const double entropy = std::log(sum) + beta * sum_dw / sum;
            const double diff = entropy - target;
            if (std::fabs(diff) <= kEntropyTolerance) break;
            if (diff > 0) {  // too flat: sharpen
                lo = beta;
                beta = std::isinf(hi) ? beta * 2 : (beta + hi) / 2;
            } else {
                hi = beta;
                beta = lo == 0 ? beta / 2 : (beta + lo) / 2;
            }
        }
        for (size_t j = 0; j < k; ++j) p[i * k + j] = float(w[j] / sum);
    }
    return p;
}

namespace {

// P = (C + C^T) / sum(C + C^T), C the conditional affinities. P is symmetric: only the upper
// triangle (column > row) is kept, rows sorted by column with duplicates merged.
void symmetrize(const KnnGraph& knn, const std::vector<float>& cond, std::vector<size_t>& row,
                std::vector<uint32_t>& col, std::vector<float>& val) {
    const size_t n = knn.n, k = knn.k;
    std::vector<size_t> start(n + 1, 0);
    for (size_t i = 0; i < n; ++i)
        for (size_t c = 0; c < k; ++c) ++start[std::min<size_t>(i, knn.idx[i * k + c]) + 1];
    for (size_t i = 0; i < n; ++i) start[i + 1] += start[i];
    std::vector<std::pair<uint32_t, double>> entries(start[n]);
    std::vector<size_t> fill(start.begin(), start.end() - 1);
    double total = 0;
    for (size_t i = 0; i < n; ++i)
        for (size_t c = 0; c < k; ++c) {
            const size_t j = knn.idx[i * k + c];
            entries[fill[std::min(i, j)]++] = {uint32_t(std::max(i, j)), cond[i * k + c]};
            total += 2.0 * cond[i * k + c];  // in both halves
        }
    row.assign(n + 1, 0);
    col.clear();
    std::vector<double> merged;
    for (size_t i = 0; i < n; ++i) {
        auto b = entries.begin() + std::ptrdiff_t(start[i]), e = entries.begin() + std::ptrdiff_t(start[i + 1]);
        std::sort(b, e, [](const auto& x, const auto& y) { return x.first < y.first; });
        for (auto it = b; it != e; ++it) {
            if (col.size() > row[i] && col.back() == it->first) {
                merged.back() += it->second;
            } else {
                col.push_back(it->first);
                merged.push_back(it->second);
            }
        }
        row[i + 1] = col.size();
    }
    const double inv = total > 0 ? 1.0 / total : 0.0;
    val.resize(merged.size());
    for (size_t e = 0; e < merged.size(); ++e) val[e] = float(merged[e] * inv);
}

Status check(const KnnGraph& knn, const TsneOptions& opt) {
    const size_t n = knn.n, k = knn.k;
    if (opt.dims != 2 && opt.dims != 3) return Error{"t-SNE dims must be 2 or 3 (got " + std::to_string(opt.dims) + ")"};
    if (n < 3) return Error{"t-SNE needs at least 3 points (got " + std::to_string(n) + ")"};
    if (n > std::numeric_limits<uint32_t>::max() / 2) return Error{"t-SNE of " + std::to_string(n) + " points is too many"};
    if (!(opt.perplexity > 0) || !std::isfinite(opt.perplexity))
        return Error{"perplexity must be a positive number (got " + num(opt.perplexity) + ")"};
    if (opt.perplexity >= double(n))
        return Error{"perplexity " + num(opt.perplexity) + " must be less than the number of points (" +
                     std::to_string(n) + ")"};
    if (knn.idx.size() != n * k || knn.dist2.size() != n * k)
        return Error{"neighbour graph sizes do not match n x k"};
    const size_t need = std::min(n - 1, size_t(3.0 * opt.perplexity));
    if (k < need || k == 0)
        return Error{"perplexity " + num(opt.perplexity) + " needs at least " + std::to_string(std::max<size_t>(need, 1)) +
                     " neighbours per point (got " + std::to_string(k) + ")"};
    if (k > n - 1) return Error{std::to_string(k) + " neighbours per point, but there are only " + std::to_string(n) + " points"};
    for (size_t i = 0; i < n; ++i)
        for (size_t c = 0; c < k; ++c) {
            const uint32_t j = knn.idx[i * k + c];
            const float d = knn.dist2[i * k + c];
            if (j >= n || j == i)
                return Error{"point " + std::to_string(i) + ": neighbour " + std::to_string(j) + " is invalid"};
            if (!(d >= 0) || !std::isfinite(d))
                return Error{"point " + std::to_string(i) + ": neighbour distance " + num(d) + " is invalid"};
        }
    if (!(opt.theta >= 0) || !std::isfinite(opt.theta)) return Error{"theta must be >= 0 (got " + num(opt.theta) + ")"};
    if (!(opt.learning_rate >= 0) || !std::isfinite(opt.learning_rate))
        return Error{"learning rate must be >= 0 (got " + num(opt.learning_rate) + ")"};
    if (!(opt.early_exaggeration > 0) || !std::isfinite(opt.early_exaggeration))
        return Error{"early exaggeration must be > 0 (got " + num(opt.early_exaggeration) + ")"};
    if (opt.iterations < 0 || opt.exaggeration_iterations < 0) return Error{"iteration counts must be >= 0"};
    return Status::success();
}

// Uniform in (0, 1) from the top 53 bits: the same numbers everywhere, unlike
// std::normal_distribution whose algorithm differs between libstdc++ (native) and libc++ (wasm).
double uniform01(std::mt19937_64& rng) { return (double(rng() >> 11) + 0.5) * 0x1p-53; }

}  // namespace

// [create] ------------------------------------------------------------------------------------

Expected<Tsne> Tsne::create(const KnnGraph& knn, const TsneOptions& opt) {
    if (Status s = check(knn, opt); !s.ok()) return Error{s.error()};
    Tsne t;
    t.opt_ = opt;
    t.n_ = knn.n;
    const size_t n = knn.n, dims = size_t(opt.dims);
    symmetrize(knn, tsne_conditional_p(knn, opt.perplexity), t.p_row_, t.p_col_, t.p_val_);
    t.learning_rate_ = opt.learning_rate > 0 ? opt.learning_rate
                                             : std::max(double(n) / opt.early_exaggeration / 4.0, 50.0);

    // Start: Gaussian with standard deviation 1e-4 (Box-Muller), as sklearn's init='random'.
    std::mt19937_64 rng(opt.seed);
    t.y_.resize(n * dims);
    for (size_t i = 0; i < t.y_.size(); i += 2) {
        const double r = std::sqrt(-2.0 * std::log(uniform01(rng)));
        const double a = 6.283185307179586 * uniform01(rng);
        t.y_[i] = float(1e-4 * r * std::cos(a));
        if (i + 1 < t.y_.size()) t.y_[i + 1] = float(1e-4 * r * std::sin(a));
    }
    t.exaggerating_ = opt.exaggeration_iterations > 0;
    t.best_kl_ = std::numeric_limits<double>::max();
    t.gains_.assign(n * dims, 1.0f);
    t.update_.assign(n * dims, 0.0f);
    t.grad_.assign(n * dims, 0.0f);
    t.rep_.assign(n * dims, 0.0f);
    t.codes_.assign(n, 0);
    t.codes_tmp_.assign(n, 0);
    t.order_.assign(n, 0);
    t.order_tmp_.assign(n, 0);
    t.sorted_.assign(n * dims + 8, 0.0f);  // + 8: leaves are copied 8 points at a time
    t.nodes_.assign(2 * n, Node{});  // every inner node has >= 2 children, so < 2n nodes
    // An interaction list holds disjoint parts of the tree, so at most n entries, plus slack
    // for the 8-point copies and the padding to the evaluation width.
    t.list_cap_ = n + 16;
    t.list_.assign((dims + 1) * t.list_cap_, 0.0f);
    return t;
}

// [tree] --------------------------------------------------------------------------------------

struct TsneStep {
    // Morton code bits per dimension: 48-bit codes, sorted in 6 radix passes. Points closer
    // than 2^-bits of the layout's extent share a leaf (summed exactly, never approximated
    // against each other).
    template <int D> static constexpr int kBits = D == 2 ? 24 : 16;

    static uint64_t spread2(uint64_t x) {  // bit b -> bit 2b
        x &= 0xFFFFFFFFull;
        x = (x | (x << 16)) & 0x0000FFFF0000FFFFull;
        x = (x | (x << 8)) & 0x00FF00FF00FF00FFull;
        x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0Full;
        x = (x | (x << 2)) & 0x3333333333333333ull;
        return (x | (x << 1)) & 0x5555555555555555ull;
    }
    static uint64_t spread3(uint64_t x) {  // bit b -> bit 3b
        x &= 0x1FFFFFull;
        x = (x | (x << 32)) & 0x001F00000000FFFFull;
        x = (x | (x << 16)) & 0x001F0000FF0000FFull;
        x = (x | (x << 8)) & 0x100F00F00F00F00Full;
        x = (x | (x << 4)) & 0x10C30C30C30C30C3ull;
        return (x | (x << 2)) & 0x1249249249249249ull;
    }

    // Radix sort of (code, point) pairs, 8 bits a pass, skipping passes where every code has
    // the same digit.
    static void sort_codes(Tsne& t) {
        const size_t n = t.n_;
        uint32_t hist[6][256] = {};
        for (size_t i = 0; i < n; ++i)
            for (int p = 0; p < 6; ++p) ++hist[p][(t.codes_[i] >> (8 * p)) & 255];
        for (int p = 0; p < 6; ++p) {
            uint32_t* h = hist[p];
            if (*std::max_element(h, h + 256) == n) continue;
            uint32_t at = 0;
            for (int b = 0; b < 256; ++b) at += std::exchange(h[b], at);
            for (size_t i = 0; i < n; ++i) {
                const uint32_t dst = h[(t.codes_[i] >> (8 * p)) & 255]++;
                t.codes_tmp_[dst] = t.codes_[i];
                t.order_tmp_[dst] = t.order_[i];
            }
            t.codes_.swap(t.codes_tmp_);
            t.order_.swap(t.order_tmp_);
        }
    }

    // Builds the node for tree-order points [b, e) and, depth first, its subtree. The cell of a
    // node is the smallest Morton cell holding all its points (levels where they all fall in
    // one child are skipped), so every inner node has at least two children.
    template <int D>
    static uint32_t build(Tsne& t, uint32_t b, uint32_t e, double root_width2) {
        const uint32_t idx = t.node_count_++;
        const uint64_t* codes = t.codes_.data();
        const uint64_t differ = codes[b] ^ codes[e - 1];  // sorted: first and last differ most
        int level = kBits<D>;
        if (differ) level = kBits<D> - 1 - (63 - __builtin_clzll(differ)) / D;
        double sum[3] = {0, 0, 0};
        if (e - b <= kLeafPoints || !differ) {
            for (uint32_t s = b; s < e; ++s)
                for (int d = 0; d < D; ++d) sum[d] += t.sorted_[size_t(d) * t.n_ + s];
        } else {
            const int shift = D * (kBits<D> - 1 - level);
            for (uint32_t s = b; s < e;) {
                const uint64_t cell = codes[s] >> shift;
                uint32_t s2 = s + 1;
                while (s2 < e && (codes[s2] >> shift) == cell) ++s2;
                const uint32_t c = build<D>(t, s, s2, root_width2);
                for (int d = 0; d < D; ++d) sum[d] += double(t.nodes_[c].com[d]) * t.nodes_[c].count;
                s = s2;
            }
        }
        Tsne::Node& node = t.nodes_[idx];
        for (int d = 0; d < D; ++d) node.com[d] = float(sum[d] / double(e - b));
        node.width2 = float(std::ldexp(root_width2, -2 * level));
        node.begin = b;
        node.count = e - b;
        node.next = t.node_count_;
        return idx;
    }

    template <int D>
    static void build_tree(Tsne& t) {
        const size_t n = t.n_;
        const float* y = t.y_.data();
        float lo[D], hi[D];
        for (int d = 0; d < D; ++d) lo[d] = hi[d] = y[d];
        for (size_t i = 0; i < n; ++i)
            for (int d = 0; d < D; ++d) {
                lo[d] = std::min(lo[d], y[i * D + d]);
                hi[d] = std::max(hi[d], y[i * D + d]);
            }
        const double cells = std::ldexp(1.0, kBits<D>);
        double scale[D], root_width2 = 0;
        for (int d = 0; d < D; ++d) {
            const double extent = double(hi[d]) - double(lo[d]);
            scale[d] = extent > 0 ? cells / extent : 0;
            root_width2 = std::max(root_width2, extent * extent);
        }
        for (size_t i = 0; i < n; ++i) {
            uint64_t q[D];
            for (int d = 0; d < D; ++d)
                q[d] = uint64_t(std::min(cells - 1, (double(y[i * D + d]) - lo[d]) * scale[d]));
            if constexpr (D == 2)
                t.codes_[i] = spread2(q[0]) | spread2(q[1]) << 1;
            else
                t.codes_[i] = spread3(q[0]) | spread3(q[1]) << 1 | spread3(q[2]) << 2;
            t.order_[i] = uint32_t(i);
        }
        sort_codes(t);
        for (size_t s = 0; s < n; ++s)
            for (int d = 0; d < D; ++d) t.sorted_[size_t(d) * n + s] = y[size_t(t.order_[s]) * D + d];
        t.node_count_ = 0;
        build<D>(t, 0, uint32_t(n), root_width2);
    }

    // [forces] ------------------------------------------------------------------------------

    // The Student-t kernel of sklearn: degrees of freedom max(dims - 1, 1), so
    // w = 1 / (1 + d2) in 2D and (2 / (2 + d2))^1.5 in 3D.
    template <int D>
    static float kernel(float d2) {
        if constexpr (D == 2) {
            return 1.0f / (1.0f + d2);
        } else {
            const float u = 2.0f / (2.0f + d2);
            return u * std::sqrt(u);
        }
    }

    template <int D>
    static f4 kernel4(f4 d2) {
        if constexpr (D == 2) {
            return splat4(1.0f) / (splat4(1.0f) + d2);
        } else {
            const f4 u = splat4(2.0f) / (splat4(2.0f) + d2);
            f4 root = u;
            for (int l = 0; l < 4; ++l) root[l] = std::sqrt(u[l]);
            return u * root;
        }
    }

    // Sum over the interaction list of count x w (into z) and count x w^2 x (p - entry): the
    // unnormalised repulsion on the point at p. Two sets of four lanes, for latency.
    template <int D>
    static void evaluate(const float* list, size_t cap, size_t m, const float* p, double& z, double* f) {
        f4 at[D], za = {}, zb = {}, fa[D], fb[D];
        for (int d = 0; d < D; ++d) {
            at[d] = splat4(p[d]);
            fa[d] = fb[d] = splat4(0.0f);
        }
        const float* cnt = list + size_t(D) * cap;
        for (size_t e = 0; e < m; e += 8) {
            f4 da[D], db[D], d2a = {}, d2b = {};
            for (int d = 0; d < D; ++d) {
                da[d] = at[d] - load4(list + size_t(d) * cap + e);
                db[d] = at[d] - load4(list + size_t(d) * cap + e + 4);
                d2a += da[d] * da[d];
                d2b += db[d] * db[d];
            }
            const f4 wa = kernel4<D>(d2a), wb = kernel4<D>(d2b);
            const f4 ca = load4(cnt + e) * wa, cb = load4(cnt + e + 4) * wb;
            za += ca;
            zb += cb;
            const f4 ga = ca * wa, gb = cb * wb;
            for (int d = 0; d < D; ++d) {
                fa[d] += ga * da[d];
                fb[d] += gb * db[d];
            }
        }
        z = sum4(za) + sum4(zb);
        for (int d = 0; d < D; ++d) f[d] = sum4(fa[d]) + sum4(fb[d]);
    }

    // Repulsion for every point, Barnes-Hut. Points go in groups (the largest subtrees of at
    // most kGroupPoints points) that share one walk of the tree and one interaction list: the
    // cells that pass the test for the whole group (cell width / distance from the group's
    // bounding box to the cell's centre of mass < theta) and the points of leaves that do not.
    // Returns Z = sum over pairs i != j of w_ij.
    template <int D>
    static double repulsion(Tsne& t) {
        const size_t n = t.n_, cap = t.list_cap_;
        const auto theta2 = float(t.opt_.theta * t.opt_.theta);
        const Tsne::Node* nodes = t.nodes_.data();
        const uint32_t count = t.node_count_;
        float* list = t.list_.data();
        const float* pos = t.sorted_.data();
        size_t m = 0;
        auto add_points = [&](uint32_t begin, uint32_t points) {
            if (points <= kLeafPoints) {  // the usual leaf: fixed-size copies, no loop
                for (int d = 0; d < D; ++d) {
                    const float* from = pos + size_t(d) * n + begin;
                    float* to = list + size_t(d) * cap + m;
                    store4(to, load4(from));
                    store4(to + 4, load4(from + 4));
                }
                store4(list + size_t(D) * cap + m, splat4(1.0f));
                store4(list + size_t(D) * cap + m + 4, splat4(1.0f));
            } else {
                for (int d = 0; d < D; ++d)
                    std::copy_n(pos + size_t(d) * n + begin, points, list + size_t(d) * cap + m);
                std::fill_n(list + size_t(D) * cap + m, points, 1.0f);
            }
            m += points;
        };

        double z_total = 0;
        for (uint32_t g = 0; g < count; g = nodes[g].next) {
            while (nodes[g].count > kGroupPoints && nodes[g].next != g + 1) ++g;  // descend
            const Tsne::Node& grp = nodes[g];
            float lo[D], hi[D];
            for (int d = 0; d < D; ++d) {
                const float* c = pos + size_t(d) * n + grp.begin;
                lo[d] = *std::min_element(c, c + grp.count);
                hi[d] = *std::max_element(c, c + grp.count);
            }
            m = 0;
            add_points(grp.begin, grp.count);  // the group's own points: self terms removed below
            for (uint32_t i = 0; i < count;) {
                const Tsne::Node& c = nodes[i];
                if (i <= g && c.next > g) {  // an ancestor (descend) or the group itself (done)
                    i = i == g ? c.next : i + 1;
                    continue;
                }
                float d2 = 0;
                for (int d = 0; d < D; ++d) {
                    const float out = std::max(std::max(lo[d] - c.com[d], c.com[d] - hi[d]), 0.0f);
                    d2 += out * out;
                }
                // Written always, kept if far: fewer unpredictable branches.
                const bool far = c.width2 < theta2 * d2;
                for (int d = 0; d < D; ++d) list[size_t(d) * cap + m] = c.com[d];
                list[size_t(D) * cap + m] = float(c.count);
                m += far;
                const bool leaf = c.next == i + 1;
                if (!far && leaf) add_points(c.begin, c.count);
                i = far || leaf ? c.next : i + 1;
            }
            for (; m % 8; ++m)  // padding: count 0 adds nothing
                for (int d = 0; d <= D; ++d) list[size_t(d) * cap + m] = 0.0f;
            for (uint32_t q = grp.begin; q < grp.begin + grp.count; ++q) {
                float p[D];
                for (int d = 0; d < D; ++d) p[d] = pos[size_t(d) * n + q];
                double z = 0, f[D];
                evaluate<D>(list, cap, m, p, z, f);
                z_total += z - 1.0;  // the point itself is in the list, at w = 1
                const size_t i = t.order_[q];
                for (int d = 0; d < D; ++d) t.rep_[i * D + d] = float(f[d]);
            }
        }
        return z_total;
    }

    // Attraction over the sparse P (times the exaggeration) into grad_, and KL(P || Q) when
    // asked. P is symmetric and stored as its upper triangle: each pair is computed once and
    // applied to both points, four pairs at a time.
    template <int D>
    static double attraction(Tsne& t, float exaggeration, double z, bool want_kl) {
        const float* y = t.y_.data();
        float* grad = t.grad_.data();
        std::fill(t.grad_.begin(), t.grad_.end(), 0.0f);
        double kl = 0;
        const double inv_z = 1.0 / z;
        auto kl_term = [inv_z](double p, double w) {
            constexpr double kTiny = std::numeric_limits<float>::min();
            return 2 * p * std::log(std::max(p, kTiny) / std::max(w * inv_z, kTiny));  // both halves
        };
        const uint32_t* cols = t.p_col_.data();
        const float* vals = t.p_val_.data();
        for (size_t i = 0; i < t.n_; ++i) {
            f4 at[D], acc[D];
            for (int d = 0; d < D; ++d) {
                at[d] = splat4(y[i * D + d]);
                acc[d] = splat4(0.0f);
            }
            size_t e = t.p_row_[i];
            const size_t end = t.p_row_[i + 1];
            for (; e + 4 <= end; e += 4) {
                const uint32_t* j = cols + e;
                f4 diff[D], d2 = {};
                for (int d = 0; d < D; ++d) {
                    diff[d] = at[d] - f4{y[j[0] * D + d], y[j[1] * D + d], y[j[2] * D + d], y[j[3] * D + d]};
                    d2 += diff[d] * diff[d];
                }
                const f4 w = kernel4<D>(d2);
                const f4 pw = splat4(exaggeration) * load4(vals + e) * w;
                for (int d = 0; d < D; ++d) {
                    const f4 force = pw * diff[d];
                    acc[d] += force;
                    for (int l = 0; l < 4; ++l) grad[j[l] * D + d] -= force[l];
                }
                if (want_kl)
                    for (int l = 0; l < 4; ++l) kl += kl_term(vals[e + size_t(l)], w[l]);
            }
            float rest[D] = {};
            for (; e < end; ++e) {
                const size_t j = cols[e];
                float diff[D], d2 = 0;
                for (int d = 0; d < D; ++d) {
                    diff[d] = y[i * D + d] - y[j * D + d];
                    d2 += diff[d] * diff[d];
                }
                const float w = kernel<D>(d2);
                const float pw = exaggeration * vals[e] * w;
                for (int d = 0; d < D; ++d) {
                    rest[d] += pw * diff[d];
                    grad[j * D + d] -= pw * diff[d];
                }
                if (want_kl) kl += kl_term(vals[e], w);
            }
            for (int d = 0; d < D; ++d) grad[i * D + d] += float(sum4(acc[d])) + rest[d];
        }
        return kl;
    }

    // [update] ------------------------------------------------------------------------------

    // sklearn's _gradient_descent: per-coordinate gains grow by 0.2 while the gradient keeps
    // its sign against the last update and shrink by 0.8 otherwise (floor 0.01), then momentum.
    // Returns the squared norm of the gain-scaled gradient (sklearn's convergence test).
    template <int D>
    static double update(Tsne& t, double z, float momentum) {
        constexpr float c = D == 2 ? 4.0f : 3.0f;  // 2 (dof + 1) / dof
        const auto inv_z = float(1.0 / z);
        const auto lr = float(t.learning_rate_);
        double norm2 = 0, mean[D] = {};
        for (size_t k = 0; k < t.y_.size(); ++k) {
            float g = c * (t.grad_[k] - t.rep_[k] * inv_z);
            if (!std::isfinite(g)) g = 0;
            float u = t.update_[k];
            float gain = u * g < 0 ? t.gains_[k] + 0.2f : t.gains_[k] * 0.8f;
            gain = std::max(gain, 0.01f);
            norm2 += double(gain * g) * double(gain * g);
            u = momentum * u - lr * gain * g;
            float y = t.y_[k] + u;
            if (!std::isfinite(y)) {  // never let one runaway value poison the layout
                y = t.y_[k];
                u = 0;
            }
            t.gains_[k] = gain;
            t.update_[k] = u;
            t.y_[k] = y;
            mean[k % D] += y;
        }
        // Not in sklearn: keep the layout centred on 0 (forces depend on differences only), so
        // float precision resolves the spread of points, not their common offset. A layout
        // that collapses during exaggeration (as sklearn's can) still expands again after it.
        for (int d = 0; d < D; ++d) mean[d] /= double(t.n_);
        for (size_t k = 0; k < t.y_.size(); ++k) t.y_[k] -= float(mean[k % D]);
        return norm2;
    }

    template <int D>
    static void run(Tsne& t) {
        const int it = t.iteration_;
        const int phase_end = t.exaggerating_ ? std::min(t.opt_.exaggeration_iterations, t.opt_.iterations)
                                              : t.opt_.iterations;
        build_tree<D>(t);
        double z = repulsion<D>(t);
        if (!(z > 0) || !std::isfinite(z)) z = std::numeric_limits<double>::min();
        const bool check = (it + 1) % kCheckEvery == 0;
        const bool want_kl = check || it + 1 == phase_end;
        const auto exaggeration = float(t.exaggerating_ ? t.opt_.early_exaggeration : 1.0);
        const double kl = attraction<D>(t, exaggeration, z, want_kl);
        if (want_kl) t.kl_ = kl;
        const double grad_norm = std::sqrt(update<D>(t, z, t.exaggerating_ ? 0.5f : 0.8f));
        ++t.iteration_;

        // sklearn's checks. In the exaggeration phase it compares the exaggerated KL, which is
        // an increasing function of the true one, so comparing true KLs stops at the same place.
        bool end_phase = it + 1 >= phase_end;
        if (check) {
            const int patience = t.exaggerating_ ? t.opt_.exaggeration_iterations : kPatience;
            if (kl < t.best_kl_) {
                t.best_kl_ = kl;
                t.best_iteration_ = it;
            } else if (it - t.best_iteration_ > patience) {
                end_phase = true;
            }
            if (grad_norm <= kMinGradNorm) end_phase = true;
        }
        if (!end_phase) return;
        if (t.exaggerating_) {  // phase two starts a fresh descent: momentum 0.8, no exaggeration
            t.exaggerating_ = false;
            std::fill(t.update_.begin(), t.update_.end(), 0.0f);
            std::fill(t.gains_.begin(), t.gains_.end(), 1.0f);
            t.best_kl_ = std::numeric_limits<double>::max();
            t.best_iteration_ = t.iteration_;
        } else {
            t.stopped_ = true;
        }
    }
};

bool Tsne::step(int iterations) {
    for (int s = 0; s < iterations && !finished(); ++s) {
        if (opt_.dims == 2)
            TsneStep::run<2>(*this);
        else
            TsneStep::run<3>(*this);
    }
    return !finished();
}

}  // namespace embx
