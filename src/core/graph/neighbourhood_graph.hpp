// The article's picture of embeddings: some tokens, each linked to its k most similar rows.
// Nodes are table rows (an input token that is also another token's neighbour is one node);
// edges carry the cosine between their ends; with a threshold, any two nodes at least that
// similar are linked too. Expanding a node adds its own k neighbours.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/embedding_table.hpp"
#include "core/status.hpp"

namespace embx {

struct GraphNode {
    uint32_t row = 0;
    bool input = false;     // one of the tokens the graph was built from
    bool expanded = false;  // its k nearest neighbours are in the graph
    uint32_t origin = 0;    // the node whose neighbours brought it in (itself for inputs)
    float score = 1.0f;     // cosine to `origin` (1 for inputs)
    // Once expanded: its k nearest neighbours (node ids), best first, exactly as a search
    // lists them. Edges are undirected and merged, so a node's edges may be more than these.
    std::vector<uint32_t> neighbours;
};

struct GraphEdge {
    uint32_t source = 0, target = 0;  // node indices, source < target
    float weight = 0;                 // cosine similarity
};

struct GraphOptions {
    size_t k = 20;
    float threshold = 0;      // > 0: also link every pair of nodes with cosine >= threshold
    size_t max_nodes = 20000;  // refuse to grow past this (keeps the UI interactive)
    static constexpr size_t kMaxK = 1000;
};

class NeighbourhoodGraph {
public:
    const std::vector<GraphNode>& nodes() const { return nodes_; }
    const std::vector<GraphEdge>& edges() const { return edges_; }
    // Input tokens that are not in the table (the graph was built without them).
    const std::vector<std::string>& skipped() const { return skipped_; }
    // Input tokens matched case-insensitively: "AI" -> "ai".
    const std::vector<std::pair<std::string, std::string>>& case_matches() const { return case_matches_; }
    // Node index of a table row, or -1.
    long find(uint32_t row) const;
    size_t input_count() const;

private:
    friend Expected<NeighbourhoodGraph> build_neighbourhood_graph(const EmbeddingTable&,
                                                                  const std::vector<std::string>&,
                                                                  const GraphOptions&);
    friend Expected<NeighbourhoodGraph> build_neighbourhood_graph_from_rows(const EmbeddingTable&,
                                                                            const std::vector<uint32_t>&,
                                                                            const GraphOptions&);
    friend Status expand_node(NeighbourhoodGraph&, const EmbeddingTable&, uint32_t, const GraphOptions&);

    uint32_t add_node(const GraphNode& n, const float* unit);
    void add_edge(uint32_t a, uint32_t b, float w);
    Status add_neighbours(const EmbeddingTable& t, const std::vector<uint32_t>& from, const GraphOptions& opt);
    void link_similar(size_t first_new, float threshold);

    std::vector<GraphNode> nodes_;
    std::vector<GraphEdge> edges_;
    std::vector<std::string> skipped_;
    std::vector<std::pair<std::string, std::string>> case_matches_;
    std::unordered_map<uint32_t, uint32_t> node_of_row_;
    std::unordered_map<uint64_t, uint32_t> edge_of_pair_;
    std::vector<float> unit_;  // nodes x dims unit vectors (for threshold links)
    uint32_t dims_ = 0;
};

// Builds the graph of `tokens` (words or tokenizer pieces; unknown ones are skipped and
// listed, an error only when none is known).
Expected<NeighbourhoodGraph> build_neighbourhood_graph(const EmbeddingTable& table,
                                                       const std::vector<std::string>& tokens,
                                                       const GraphOptions& opt);

// The same from table rows: token ids, when the table is named by the tokenizer that produced
// them (an LLM table). Ids past the table are skipped and listed as "#id".
Expected<NeighbourhoodGraph> build_neighbourhood_graph_from_rows(const EmbeddingTable& table,
                                                                 const std::vector<uint32_t>& rows,
                                                                 const GraphOptions& opt);

// Adds the k nearest neighbours of node `node` (click to expand in the UI).
Status expand_node(NeighbourhoodGraph& graph, const EmbeddingTable& table, uint32_t node,
                   const GraphOptions& opt);

}  // namespace embx
