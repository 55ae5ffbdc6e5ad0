// A force-directed layout for neighbourhood graphs, run a few iterations per frame.
// Fruchterman-Reingold forces: springs along edges (stronger for more similar ends) and
// repulsion between nodes; repulsion only reaches neighbouring cells of a uniform grid, so an
// iteration costs O(nodes + edges) and 5,000 nodes stay interactive. A temperature caps every
// move and cools each iteration; the layout has settled when it is cold. Deterministic: the
// same graph and seed give the same positions on every platform.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/graph/neighbourhood_graph.hpp"

namespace embx {

class ForceLayout {
public:
    explicit ForceLayout(uint64_t seed = 1) : seed_(seed) {}

    // Takes over the graph's nodes and edges: nodes already placed keep their positions, new
    // ones start near the node that brought them in; the layout warms up again.
    void sync(const NeighbourhoodGraph& graph);

    // Runs up to `iterations`; returns true while the layout still moves.
    bool step(int iterations);
    bool settled() const { return temperature_ <= min_temperature(); }
    int iterations_run() const { return iterations_; }
    // 0 when just (re)started, 1 when settled.
    float progress() const;

    size_t size() const { return pos_.size() / 2; }
    float x(size_t i) const { return pos_[2 * i]; }
    float y(size_t i) const { return pos_[2 * i + 1]; }
    // Dragging a node: it stays where it is put while pinned.
    void place(size_t i, float x, float y);
    void pin(size_t i, bool pinned);
    bool pinned(size_t i) const { return pinned_[i] != 0; }
    // Typical edge length (layout units), for the view's initial zoom.
    float edge_length() const { return kEdgeLength; }
    // Nudges the layout awake (after a drag) without a full restart.
    void reheat(float fraction = 0.3f);

private:
    static constexpr float kEdgeLength = 1.0f;
    float start_temperature() const;
    float min_temperature() const { return 0.002f * kEdgeLength; }
    void repulse();
    void attract();
    double next_uniform();

    struct Spring {
        uint32_t a, b;
        float strength;
    };
    uint64_t seed_, rng_ = 0;
    std::vector<float> pos_, disp_;
    std::vector<uint8_t> pinned_;
    std::vector<Spring> springs_;
    // Grid: cell start offsets into cell_items_ (counting sort by cell each iteration).
    std::vector<uint32_t> cell_start_, cell_items_, cell_of_, cell_fill_;
    float temperature_ = 0;
    int iterations_ = 0;
};

}  // namespace embx
