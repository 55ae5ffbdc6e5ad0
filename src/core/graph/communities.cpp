#include "core/graph/communities.hpp"

#include <algorithm>
#include <numeric>

namespace embx {

Communities label_propagation(size_t nodes, const std::vector<GraphEdge>& edges, int max_rounds) {
    // Adjacency in CSR form.
    std::vector<size_t> start(nodes + 1, 0);
    for (const GraphEdge& e : edges) {
        ++start[e.source + 1];
        ++start[e.target + 1];
    }
    for (size_t i = 0; i < nodes; ++i) start[i + 1] += start[i];
    std::vector<uint32_t> nbr(start[nodes]);
    std::vector<float> w(start[nodes]);
    {
        std::vector<size_t> fill(start.begin(), start.end() - 1);
        for (const GraphEdge& e : edges) {
            nbr[fill[e.source]] = e.target;
            w[fill[e.source]++] = e.weight;
            nbr[fill[e.target]] = e.source;
            w[fill[e.target]++] = e.weight;
        }
    }
    std::vector<uint32_t> label(nodes);
    std::iota(label.begin(), label.end(), 0u);
    std::vector<float> score(nodes, 0.0f);  // per-label weight sums, reset after each node
    std::vector<uint32_t> touched;
    for (int round = 0; round < max_rounds; ++round) {
        bool changed = false;
        for (size_t i = 0; i < nodes; ++i) {
            if (start[i] == start[i + 1]) continue;
            touched.clear();
            for (size_t t = start[i]; t < start[i + 1]; ++t) {
                const uint32_t l = label[nbr[t]];
                if (score[l] == 0.0f) touched.push_back(l);
                score[l] += std::max(w[t], 1e-6f);
            }
            uint32_t best = label[i];
            float best_score = score[best];
            for (uint32_t l : touched)
                if (score[l] > best_score || (score[l] == best_score && l < best)) {
                    best = l;
                    best_score = score[l];
                }
            for (uint32_t l : touched) score[l] = 0.0f;
            score[label[i]] = 0.0f;
            if (best != label[i]) {
                label[i] = best;
                changed = true;
            }
        }
        if (!changed) break;
    }
    // Renumber by size (largest first), ties by the smallest member.
    std::vector<size_t> size(nodes, 0);
    for (uint32_t l : label) ++size[l];
    std::vector<uint32_t> order;
    for (uint32_t l = 0; l < nodes; ++l)
        if (size[l]) order.push_back(l);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return size[a] > size[b]; });
    std::vector<uint32_t> renum(nodes, 0);
    for (size_t r = 0; r < order.size(); ++r) renum[order[r]] = uint32_t(r);
    Communities c;
    c.count = order.size();
    c.of_node.resize(nodes);
    for (size_t i = 0; i < nodes; ++i) c.of_node[i] = renum[label[i]];
    return c;
}

}  // namespace embx
