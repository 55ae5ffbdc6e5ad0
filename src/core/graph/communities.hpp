// Communities in a weighted graph by label propagation: every node repeatedly takes the label
// with the largest total edge weight among its neighbours. Deterministic (fixed visiting
// order, ties to the smaller label) so colours do not flicker between runs or platforms.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/graph/neighbourhood_graph.hpp"

namespace embx {

struct Communities {
    std::vector<uint32_t> of_node;  // community per node: 0 = the largest, 1 = next...
    size_t count = 0;
};

Communities label_propagation(size_t nodes, const std::vector<GraphEdge>& edges, int max_rounds = 50);

}  // namespace embx
