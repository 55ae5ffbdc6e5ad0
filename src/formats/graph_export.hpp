// A neighbourhood graph written for other tools: JSON (our CLI and the web API), GraphML
// (NetworkX, yEd, Gephi) and GEXF (Gephi). Words are table bytes: JSON replaces invalid UTF-8,
// the XML formats get the \xNN display escape, so every file parses.
#pragma once

#include <string>
#include <vector>

#include "core/embedding_table.hpp"
#include "core/graph/neighbourhood_graph.hpp"

namespace embx {

struct GraphExtras {
    std::vector<uint32_t> community;  // per node, or empty
    std::vector<float> xy;            // per node x, y (layout), or empty
};

// {"nodes": [{"id", "word", "input", "rank", "score"?, "neighbors"?, "community"?, "x"?, "y"?}],
//  "edges": [{"source", "target", "weight"}]}; rank = table row (0 = most frequent), score =
// cosine to the node that brought it in, neighbors = an expanded node's k nearest, best first.
std::string graph_to_json(const EmbeddingTable& table, const NeighbourhoodGraph& g, const GraphExtras& extras,
                          int indent = -1);
std::string graph_to_graphml(const EmbeddingTable& table, const NeighbourhoodGraph& g, const GraphExtras& extras);
std::string graph_to_gexf(const EmbeddingTable& table, const NeighbourhoodGraph& g, const GraphExtras& extras);

}  // namespace embx
