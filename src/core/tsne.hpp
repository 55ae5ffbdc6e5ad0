// Barnes-Hut t-SNE (van der Maaten 2014) with sklearn's optimisation schedule, run
// incrementally: the app calls step() a few iterations per frame and draws coords() as they
// move. Input similarities come from each point's nearest neighbours (3 x perplexity of them),
// which the caller computes (knn_for_tsne below uses the table's own SIMD search).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/embedding_table.hpp"
#include "core/status.hpp"

namespace embx {

struct TsneOptions {
    int dims = 2;                       // 2 or 3 (3D: sklearn's kernel, Student-t with 2 dof)
    double perplexity = 30;
    double learning_rate = 0;           // 0 = sklearn's "auto": max(n / early_exaggeration / 4, 50)
    int iterations = 1000;              // total, including the early exaggeration phase
    double early_exaggeration = 12;
    int exaggeration_iterations = 250;
    double theta = 0.5;                 // Barnes-Hut accuracy (0 = exact, slow)
    uint64_t seed = 42;
};

// Neighbour lists: point i's neighbours are idx[i*k .. i*k+k), with squared euclidean
// distances in dist2 at the same places. Every point must have the same k.
struct KnnGraph {
    size_t n = 0, k = 0;
    std::vector<uint32_t> idx;
    std::vector<float> dist2;
};

// How many neighbours to give each of n points: sklearn's min(n - 1, int(3 x perplexity + 1)).
size_t tsne_neighbors(size_t n, double perplexity);

// The k nearest rows among the first n rows of the table, by cosine, for each of those rows
// (itself excluded); dist2 = squared distance between the unit vectors = 2 - 2 cos.
// A zero row is at cosine 0 from everything (dist2 = 2).
Expected<KnnGraph> knn_for_tsne(const EmbeddingTable& table, size_t n, size_t k);

// Conditional affinities p(j|i) over each point's neighbours (n x k, each row sums to 1): a
// Gaussian on the squared distances whose precision is found per point by binary search so
// that exp(entropy) = perplexity, as sklearn's _binary_search_perplexity does. Empty if the
// graph's sizes do not match n x k.
std::vector<float> tsne_conditional_p(const KnnGraph& knn, double perplexity);

class Tsne {
public:
    // Checks the options (3 <= n, perplexity < n, k >= min(n - 1, 3 x perplexity) ...) and
    // computes the input affinities P. Coordinates start from a small Gaussian (seeded).
    static Expected<Tsne> create(const KnnGraph& knn, const TsneOptions& opt);

    // Runs up to `iterations` more optimisation steps; returns true while not finished.
    bool step(int iterations);
    // After opt.iterations steps, or earlier when sklearn's checks (every 50 iterations) stop
    // it: gradient norm <= 1e-7, or no KL progress in 300 iterations.
    bool finished() const { return stopped_ || iteration_ >= opt_.iterations; }
    int iteration() const { return iteration_; }
    // In the early exaggeration phase (which also ends early if the gradient vanishes).
    bool exaggerating() const { return exaggerating_; }
    const TsneOptions& options() const { return opt_; }
    size_t points() const { return n_; }
    // n x dims, row-major, always finite.
    const std::vector<float>& coords() const { return y_; }
    // KL(P || Q), estimated at the last step (recomputed every 50 iterations).
    double kl_divergence() const { return kl_; }

    // The joint P = (P(j|i) + P(i|j)) / 2n, symmetric, so stored as its upper triangle in CSR
    // form (row i holds columns j > i; both halves together sum to 1). For tests.
    const std::vector<size_t>& p_rows() const { return p_row_; }
    const std::vector<uint32_t>& p_cols() const { return p_col_; }
    const std::vector<float>& p_values() const { return p_val_; }

private:
    // A Barnes-Hut cell: its points are tree-order positions [begin, begin + count); its
    // subtree ends just before `next` (so a leaf has next == its index + 1).
    struct Node {
        float com[3];    // centre of mass
        float width2;    // squared width of the cell along its widest side
        uint32_t begin, count, next;
    };

    Tsne() = default;
    friend struct TsneStep;  // one optimisation step (tree, forces, update), in tsne.cpp

    TsneOptions opt_;
    size_t n_ = 0;
    int iteration_ = 0;
    double kl_ = 0;
    double learning_rate_ = 0;  // the resolved "auto" value
    // sklearn runs each phase as its own gradient descent with its own stopping checks.
    bool exaggerating_ = false, stopped_ = false;
    double best_kl_ = 0;
    int best_iteration_ = 0;
    // P's upper triangle in CSR form.
    std::vector<size_t> p_row_;
    std::vector<uint32_t> p_col_;
    std::vector<float> p_val_;
    std::vector<float> y_, gains_, update_;
    // Scratch sized in create() so step() never allocates.
    std::vector<float> grad_;                 // n x dims: attraction, then the whole gradient
    std::vector<float> rep_;                  // n x dims: unnormalised repulsion
    std::vector<uint64_t> codes_, codes_tmp_; // Morton codes, sorted with...
    std::vector<uint32_t> order_, order_tmp_; // ...the points they belong to
    std::vector<float> sorted_;               // dims arrays of n: positions in tree order
    std::vector<Node> nodes_;                 // depth first; the first node_count_ in use
    uint32_t node_count_ = 0;
    std::vector<float> list_;                 // dims + 1 arrays: interaction list (pos, count)
    size_t list_cap_ = 0;
};

}  // namespace embx
