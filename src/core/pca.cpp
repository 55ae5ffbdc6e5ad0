// PCA by the covariance route (sklearn's "covariance_eigh" solver): the rows are read block by
// block, dequantized to float, and folded into a d x d covariance; its eigenvectors are the
// components. Memory is O(block x d + d x d) besides the coordinates, so the whole 341,479-row
// GloVe table never exists as a float matrix.
//
// Passes over the rows: [spherize only: the raw mean], the covariance, the projection.
//
// Speed: each block's X^T X is summed by a SIMD kernel (core/kernels/scatter.hpp). Eigen's
// rank update made the whole PCA ~1.6x slower natively (SSE2 only) and ~1.3x in wasm (Eigen
// 3.4 has no SIMD128 code). Eigen does the small dense work: eigenvectors, projection.
//
// Precision: the kernel sums a block (1024 rows) in float, then it goes into a double
// accumulator, so rounding grows with the block size, not the table size. Rows are shifted
// by the first block's mean first, so the n * mean * mean^T correction subtracted at the end
// is small and does not cancel the covariance away (the textbook one-pass formula does).
//
// Conventions:
// - explained_variance uses the n - 1 denominator, ratio = variance / trace of the covariance
//   (both like sklearn); negative eigenvalues from rounding become 0.
// - Signs: the largest-|value| entry of each component (the first one on ties) is positive,
//   i.e. sklearn >= 1.5 (svd_flip(u_based_decision=False)); independent of the row count.
// - Zero total variance (identical rows): ratios and variances are 0, coordinates are 0, the
//   components are still an orthonormal set. Not an error: a view can show a single dot.
#include "core/pca.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <Eigen/Dense>
#include <Eigen/Eigenvalues>

#include "core/kernels/scatter.hpp"

namespace embx {

namespace {

using RowMatF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
constexpr size_t kBlockRows = 1024;

// Counts blocks done across all passes and reports the fraction; false = cancelled.
class Ticker {
public:
    Ticker(const PcaProgress& progress, size_t total_blocks) : progress_(progress), total_(total_blocks) {}
    bool tick() {
        ++done_;
        return !progress_ || progress_(double(done_) / double(total_));
    }
    bool report(double fraction) const { return !progress_ || progress_(fraction); }

private:
    const PcaProgress& progress_;
    size_t total_, done_ = 0;
};

// Rows [r0, r0 + b) of the table as floats in the first dims columns of `x`, which is
// b x scatter_stride(dims) with the padding columns zero (the scatter kernels' layout). With
// `centre`, each row is centred by it and scaled to unit length (spherized); a row equal to
// the centre stays zero. Returns the dims columns.
Eigen::Block<RowMatF> load_block(const EmbeddingTable& t, size_t r0, size_t b, const Eigen::RowVectorXf* centre,
                                 RowMatF& x) {
    const auto rows = Eigen::Index(b), stride = Eigen::Index(kernels::scatter_stride(t.dims()));
    if (x.rows() != rows || x.cols() != stride) x = RowMatF::Zero(rows, stride);
    for (Eigen::Index i = 0; i < rows; ++i) t.row_as_float(r0 + size_t(i), x.row(i).data());
    auto v = x.leftCols(Eigen::Index(t.dims()));
    if (centre) {
        v.rowwise() -= *centre;
        for (Eigen::Index i = 0; i < rows; ++i) {
            const float len = v.row(i).norm();
            if (len > 0) v.row(i) /= len;
        }
    }
    return v;
}

// Column sums in double, row by row: contiguous for row-major blocks (Eigen's colwise() on
// them was a third of the covariance pass), and exact for identical rows.
Eigen::RowVectorXd column_sums(const Eigen::Block<RowMatF>& v) {
    Eigen::RowVectorXd sum = Eigen::RowVectorXd::Zero(v.cols());
    for (Eigen::Index i = 0; i < v.rows(); ++i) sum += v.row(i).cast<double>();
    return sum;
}

Error cancelled() { return Error{"PCA cancelled"}; }

}  // namespace

Expected<PcaResult> pca(const EmbeddingTable& table, const PcaOptions& opt, const PcaProgress& progress) {
    const size_t d = table.dims();
    const size_t present = table.rows();
    if (opt.dims < 1 || size_t(opt.dims) > d)
        return Error{"PCA dims must be between 1 and the table's " + std::to_string(d) + " dimensions (got " +
                     std::to_string(opt.dims) + ")"};
    if (opt.limit == 1) return Error{"PCA needs at least 2 rows (limit is 1)"};
    if (present < 2) return Error{"PCA needs at least 2 rows (the table has " + std::to_string(present) + ")"};
    const size_t n = opt.limit == 0 ? present : std::min(opt.limit, present);
    const size_t k = size_t(opt.dims);
    const auto D = Eigen::Index(d), K = Eigen::Index(k);
    const size_t blocks = (n + kBlockRows - 1) / kBlockRows;
    Ticker ticker(progress, blocks * (opt.spherize ? 3 : 2));
    if (!ticker.report(0)) return cancelled();

    RowMatF x;
    // Spherize: centre on the raw mean first (its own pass, in double).
    Eigen::RowVectorXf sphere_centre;
    if (opt.spherize) {
        Eigen::RowVectorXd sum = Eigen::RowVectorXd::Zero(D);
        for (size_t r0 = 0; r0 < n; r0 += kBlockRows) {
            sum += column_sums(load_block(table, r0, std::min(kBlockRows, n - r0), nullptr, x));
            if (!ticker.tick()) return cancelled();
        }
        sphere_centre = (sum / double(n)).cast<float>();
    }
    const Eigen::RowVectorXf* centre = opt.spherize ? &sphere_centre : nullptr;

    // Covariance of the rows shifted by the first block's mean. The shift is summed in double
    // so identical rows give exactly zero after the shift (and zero variance, no noise).
    Eigen::RowVectorXf shift;
    Eigen::RowVectorXd shifted_sum = Eigen::RowVectorXd::Zero(D);
    Eigen::MatrixXd scatter = Eigen::MatrixXd::Zero(D, D);  // lower triangle only
    const size_t stride = kernels::scatter_stride(d);
    const auto S = Eigen::Index(stride);
    const kernels::ScatterF32 scatter_kernel = kernels::best_scatter_f32();
    RowMatF block_scatter(S, S);
    for (size_t r0 = 0; r0 < n; r0 += kBlockRows) {
        auto v = load_block(table, r0, std::min(kBlockRows, n - r0), centre, x);
        if (r0 == 0) shift = (column_sums(v) / double(v.rows())).cast<float>();
        v.rowwise() -= shift;
        shifted_sum += column_sums(v);
        block_scatter.setZero();
        scatter_kernel(x.data(), size_t(x.rows()), stride, block_scatter.data());
        scatter.triangularView<Eigen::Lower>() += block_scatter.topLeftCorner(D, D).cast<double>();
        if (!ticker.tick()) return cancelled();
    }
    const Eigen::RowVectorXd offset = shifted_sum / double(n);  // mean - shift
    // Only the lower triangle is meaningful (and the only part the solver reads).
    const Eigen::MatrixXd cov = (scatter - double(n) * offset.transpose() * offset) / double(n - 1);
    if (!cov.allFinite()) return Error{"PCA: the rows hold values that are not finite"};

    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
    if (eig.info() != Eigen::Success) return Error{"PCA: the eigendecomposition did not converge"};
    const double total = std::max(0.0, cov.trace());

    PcaResult out;
    out.dims = opt.dims;
    out.rows = n;
    const Eigen::RowVectorXd mean = shift.cast<double>() + offset;
    out.mean.resize(d);
    for (size_t j = 0; j < d; ++j) out.mean[j] = float(mean(Eigen::Index(j)));
    out.components.resize(k * d);
    // Eigen sorts eigenvalues ascending: component c is column d - 1 - c.
    RowMatF w(D, K);  // components as columns, for the projection
    for (size_t c = 0; c < k; ++c) {
        const Eigen::Index col = Eigen::Index(d - 1 - c);
        Eigen::VectorXd v = eig.eigenvectors().col(col);
        Eigen::Index big = 0;
        v.cwiseAbs().maxCoeff(&big);  // first index of the maximum
        if (v(big) < 0) v = -v;
        const double var = std::max(0.0, eig.eigenvalues()(col));
        out.explained_variance.push_back(var);
        out.explained_variance_ratio.push_back(total > 0 ? std::min(1.0, var / total) : 0.0);
        for (size_t j = 0; j < d; ++j) {
            out.components[c * d + j] = float(v(Eigen::Index(j)));
            w(Eigen::Index(j), Eigen::Index(c)) = float(v(Eigen::Index(j)));
        }
    }

    // Projection: coords = (row - mean) * W, straight into the result, block by block.
    const Eigen::RowVectorXf meanf = mean.cast<float>();
    out.coords.resize(n * k);
    for (size_t r0 = 0; r0 < n; r0 += kBlockRows) {
        const size_t b = std::min(kBlockRows, n - r0);
        auto v = load_block(table, r0, b, centre, x);
        v.rowwise() -= meanf;
        Eigen::Map<RowMatF> y(out.coords.data() + r0 * k, Eigen::Index(b), K);
        y.noalias() = v * w;
        if (!ticker.tick()) return cancelled();
    }
    const Eigen::Map<const Eigen::VectorXf> coords(out.coords.data(), Eigen::Index(out.coords.size()));
    if (!coords.allFinite()) return Error{"PCA: the rows hold values that are not finite"};
    return out;
}

}  // namespace embx
