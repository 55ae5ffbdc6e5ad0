#include "core/graph/neighbourhood_graph.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "core/search.hpp"
#include "core/word_lookup.hpp"

namespace embx {

namespace {

uint64_t pair_key(uint32_t a, uint32_t b) { return (uint64_t(std::min(a, b)) << 32) | std::max(a, b); }

// The row as a unit vector (zero stays zero: it links to nothing).
void unit_row(const EmbeddingTable& t, uint32_t row, float* out) {
    t.row_as_float(row, out);
    double n2 = 0;
    for (uint32_t i = 0; i < t.dims(); ++i) n2 += double(out[i]) * out[i];
    const float inv = n2 > 0 ? float(1.0 / std::sqrt(n2)) : 0.0f;
    for (uint32_t i = 0; i < t.dims(); ++i) out[i] *= inv;
}

Status check_options(const EmbeddingTable& t, const GraphOptions& opt) {
    if (opt.k == 0) return Error{"k must be at least 1"};
    if (opt.k > GraphOptions::kMaxK)
        return Error{"k = " + std::to_string(opt.k) + " is too large for a graph (at most " +
                     std::to_string(GraphOptions::kMaxK) + " neighbours per node)"};
    if (!(opt.threshold >= 0 && opt.threshold <= 1))
        return Error{"the similarity threshold must be between 0 and 1"};
    if (t.rows() == 0) return Error{"the table has no rows yet"};
    return Status::success();
}

}  // namespace

long NeighbourhoodGraph::find(uint32_t row) const {
    const auto it = node_of_row_.find(row);
    return it == node_of_row_.end() ? -1 : long(it->second);
}

size_t NeighbourhoodGraph::input_count() const {
    return size_t(std::count_if(nodes_.begin(), nodes_.end(), [](const GraphNode& n) { return n.input; }));
}

uint32_t NeighbourhoodGraph::add_node(const GraphNode& n, const float* unit) {
    const auto id = uint32_t(nodes_.size());
    nodes_.push_back(n);
    node_of_row_.emplace(n.row, id);
    unit_.insert(unit_.end(), unit, unit + dims_);
    return id;
}

void NeighbourhoodGraph::add_edge(uint32_t a, uint32_t b, float w) {
    if (a == b) return;
    const uint64_t key = pair_key(a, b);
    if (edge_of_pair_.count(key)) return;  // merged: the cosine is the same both ways
    edge_of_pair_.emplace(key, uint32_t(edges_.size()));
    edges_.push_back({std::min(a, b), std::max(a, b), w});
}

Status NeighbourhoodGraph::add_neighbours(const EmbeddingTable& t, const std::vector<uint32_t>& from,
                                          const GraphOptions& opt) {
    if (from.empty()) return Status::success();
    const size_t k = std::min(opt.k, t.rows() - 1);
    if (k == 0) return Status::success();  // a one-row table: nothing to link
    std::vector<float> queries(from.size() * dims_);
    std::vector<std::vector<uint32_t>> excludes(from.size());
    for (size_t i = 0; i < from.size(); ++i) {
        // The raw row, exactly as `neighbors` prepares it, so both list the same words.
        t.row_as_float(nodes_[from[i]].row, queries.data() + i * dims_);
        excludes[i] = {nodes_[from[i]].row};
    }
    auto hits = nearest_batch(t, queries.data(), from.size(), k, 0, excludes);
    if (!hits) return Error{hits.error()};
    const size_t first_new = nodes_.size();
    std::vector<float> unit(dims_);
    for (size_t i = 0; i < from.size(); ++i) {
        for (const Hit& h : (*hits)[i]) {
            long id = find(h.row);
            if (id < 0) {
                if (nodes_.size() >= opt.max_nodes)
                    return Error{"the graph would grow past " + std::to_string(opt.max_nodes) +
                                 " nodes; use a smaller k or fewer tokens"};
                unit_row(t, h.row, unit.data());
                GraphNode n;
                n.row = h.row;
                n.origin = from[i];
                n.score = h.score;
                id = add_node(n, unit.data());
            }
            add_edge(from[i], uint32_t(id), h.score);
            nodes_[from[i]].neighbours.push_back(uint32_t(id));
        }
        nodes_[from[i]].expanded = true;
    }
    if (opt.threshold > 0) link_similar(first_new, opt.threshold);
    return Status::success();
}

// Links new nodes to every node (old or new) at least `threshold` similar. Quadratic in the
// node count, which max_nodes bounds.
void NeighbourhoodGraph::link_similar(size_t first_new, float threshold) {
    const size_t n = nodes_.size();
    for (size_t a = first_new; a < n; ++a) {
        const float* ua = unit_.data() + a * dims_;
        for (size_t b = 0; b < a; ++b) {
            const float* ub = unit_.data() + b * dims_;
            float d = 0;
            for (uint32_t i = 0; i < dims_; ++i) d += ua[i] * ub[i];
            if (d >= threshold) add_edge(uint32_t(b), uint32_t(a), d);
        }
    }
}

Expected<NeighbourhoodGraph> build_neighbourhood_graph(const EmbeddingTable& table,
                                                       const std::vector<std::string>& tokens,
                                                       const GraphOptions& opt) {
    if (Status s = check_options(table, opt); !s) return Error{s.error()};
    if (tokens.empty()) return Error{"no tokens: give a sentence or some words"};
    NeighbourhoodGraph g;
    g.dims_ = table.dims();
    std::vector<float> unit(table.dims());
    std::vector<uint32_t> inputs;
    for (const std::string& tok : tokens) {
        // Exact, then case-insensitive; no spelling suggestions (a scan) for skipped tokens.
        std::optional<WordMatch> m;
        if (auto id = table.vocab().find(tok)) m = WordMatch{*id, true};
        else if (auto folded = table.vocab().find_folded(tok)) m = WordMatch{*folded, false};
        if (!m) {
            if (std::find(g.skipped_.begin(), g.skipped_.end(), tok) == g.skipped_.end()) g.skipped_.push_back(tok);
            continue;
        }
        if (!m->exact) g.case_matches_.emplace_back(tok, std::string(table.word(m->row)));
        if (g.find(m->row) >= 0) continue;  // a repeated token is one node
        unit_row(table, m->row, unit.data());
        GraphNode n;
        n.row = m->row;
        n.input = true;
        n.origin = uint32_t(g.nodes_.size());
        inputs.push_back(g.add_node(n, unit.data()));
    }
    if (inputs.empty()) {
        std::string list;
        for (const auto& s : g.skipped_) list += (list.empty() ? "'" : ", '") + s + "'";
        return Error{"none of the tokens is in the table: " + list};
    }
    if (opt.threshold > 0) g.link_similar(0, opt.threshold);
    if (Status s = g.add_neighbours(table, inputs, opt); !s) return Error{s.error()};
    return g;
}

Expected<NeighbourhoodGraph> build_neighbourhood_graph_from_rows(const EmbeddingTable& table,
                                                                 const std::vector<uint32_t>& rows,
                                                                 const GraphOptions& opt) {
    if (Status s = check_options(table, opt); !s) return Error{s.error()};
    if (rows.empty()) return Error{"no tokens: give a sentence or some words"};
    NeighbourhoodGraph g;
    g.dims_ = table.dims();
    std::vector<float> unit(table.dims());
    std::vector<uint32_t> inputs;
    for (uint32_t row : rows) {
        if (row >= table.rows()) {
            const std::string name = "#" + std::to_string(row);
            if (std::find(g.skipped_.begin(), g.skipped_.end(), name) == g.skipped_.end()) g.skipped_.push_back(name);
            continue;
        }
        if (g.find(row) >= 0) continue;  // a repeated token is one node
        unit_row(table, row, unit.data());
        GraphNode n;
        n.row = row;
        n.input = true;
        n.origin = uint32_t(g.nodes_.size());
        inputs.push_back(g.add_node(n, unit.data()));
    }
    if (inputs.empty()) return Error{"none of the token ids is a row of the table (it has " +
                                     std::to_string(table.rows()) + " rows)"};
    if (opt.threshold > 0) g.link_similar(0, opt.threshold);
    if (Status s = g.add_neighbours(table, inputs, opt); !s) return Error{s.error()};
    return g;
}

Status expand_node(NeighbourhoodGraph& graph, const EmbeddingTable& table, uint32_t node,
                   const GraphOptions& opt) {
    if (Status s = check_options(table, opt); !s) return s;
    if (node >= graph.nodes_.size()) return Error{"no node " + std::to_string(node) + " in the graph"};
    if (graph.dims_ != table.dims()) return Error{"the graph was built on another table"};
    if (graph.nodes_[node].expanded) return Status::success();
    return graph.add_neighbours(table, {node}, opt);
}

}  // namespace embx
