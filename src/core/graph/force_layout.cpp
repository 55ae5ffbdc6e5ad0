#include "core/graph/force_layout.hpp"

#include <algorithm>
#include <cmath>

namespace embx {

namespace {

// Repulsion reaches this many edge lengths: far nodes barely push each other in
// Fruchterman-Reingold, and the cut-off is what makes the grid exact enough.
constexpr float kReach = 4.0f;
// Pulls every node gently to the centre so separate components stay on screen.
constexpr float kGravity = 0.02f;
constexpr float kCooling = 0.985f;

}  // namespace

double ForceLayout::next_uniform() {
    // splitmix64: the same sequence on every platform (std distributions are not).
    uint64_t z = (rng_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return double(z >> 11) * (1.0 / 9007199254740992.0);
}

float ForceLayout::start_temperature() const {
    return kEdgeLength * std::max(1.0f, std::sqrt(float(size())) * 0.5f);
}

void ForceLayout::sync(const NeighbourhoodGraph& graph) {
    const size_t old = size();
    const size_t n = graph.nodes().size();
    if (old == 0) rng_ = seed_;
    pos_.resize(2 * n);
    pinned_.resize(n, 0);
    disp_.assign(2 * n, 0.0f);
    for (size_t i = old; i < n; ++i) {
        const GraphNode& node = graph.nodes()[i];
        // Inputs start on a disc around the centre; neighbours near the node that brought them.
        const double a = next_uniform() * 6.283185307179586, r = next_uniform();
        float cx = 0, cy = 0, radius = kEdgeLength * std::sqrt(float(n));
        if (!node.input && node.origin < i) {
            cx = pos_[2 * node.origin];
            cy = pos_[2 * node.origin + 1];
            radius = kEdgeLength;
        }
        pos_[2 * i] = cx + float(std::cos(a) * r) * radius;
        pos_[2 * i + 1] = cy + float(std::sin(a) * r) * radius;
    }
    springs_.clear();
    for (const GraphEdge& e : graph.edges()) {
        // Similar ends pull harder: cosine 0.9 pulls ~4x more than cosine 0.45.
        const float w = std::clamp(e.weight, 0.05f, 1.0f);
        springs_.push_back({e.source, e.target, w * w});
    }
    temperature_ = old == 0 ? start_temperature() : std::max(temperature_, 0.5f * start_temperature());
    iterations_ = 0;
}

float ForceLayout::progress() const {
    if (settled()) return 1.0f;
    const float t0 = start_temperature();
    return std::clamp(float(std::log(t0 / std::max(temperature_, 1e-9f)) / std::log(t0 / min_temperature())), 0.0f,
                      1.0f);
}

void ForceLayout::place(size_t i, float x, float y) {
    if (i >= size() || !std::isfinite(x) || !std::isfinite(y)) return;
    pos_[2 * i] = x;
    pos_[2 * i + 1] = y;
}

void ForceLayout::pin(size_t i, bool pinned) {
    if (i < size()) pinned_[i] = pinned ? 1 : 0;
}

void ForceLayout::reheat(float fraction) {
    temperature_ = std::max(temperature_, fraction * start_temperature());
}

void ForceLayout::repulse() {
    const size_t n = size();
    const float cell = kReach * kEdgeLength;
    float minx = INFINITY, miny = INFINITY, maxx = -INFINITY, maxy = -INFINITY;
    for (size_t i = 0; i < n; ++i) {
        minx = std::min(minx, pos_[2 * i]);
        maxx = std::max(maxx, pos_[2 * i]);
        miny = std::min(miny, pos_[2 * i + 1]);
        maxy = std::max(maxy, pos_[2 * i + 1]);
    }
    // Cap the grid so a far-flung node cannot make it huge (distant cells then hold more).
    const size_t gw = std::clamp<size_t>(size_t((maxx - minx) / cell) + 1, 1, 512);
    const size_t gh = std::clamp<size_t>(size_t((maxy - miny) / cell) + 1, 1, 512);
    const float sx = float(gw) / std::max(maxx - minx, 1e-6f), sy = float(gh) / std::max(maxy - miny, 1e-6f);
    cell_of_.resize(n);
    cell_start_.assign(gw * gh + 1, 0);
    for (size_t i = 0; i < n; ++i) {
        const size_t cx = std::min(gw - 1, size_t((pos_[2 * i] - minx) * sx));
        const size_t cy = std::min(gh - 1, size_t((pos_[2 * i + 1] - miny) * sy));
        cell_of_[i] = uint32_t(cy * gw + cx);
        ++cell_start_[cell_of_[i] + 1];
    }
    for (size_t c = 0; c < gw * gh; ++c) cell_start_[c + 1] += cell_start_[c];
    cell_items_.resize(n);
    {
        std::vector<uint32_t>& fill = cell_fill_;
        fill.assign(cell_start_.begin(), cell_start_.end() - 1);
        for (size_t i = 0; i < n; ++i) cell_items_[fill[cell_of_[i]]++] = uint32_t(i);
    }
    const float k2 = kEdgeLength * kEdgeLength, reach2 = cell * cell;
    for (size_t i = 0; i < n; ++i) {
        const long cx = long(cell_of_[i] % gw), cy = long(cell_of_[i] / gw);
        float fx = 0, fy = 0;
        for (long y = std::max(0L, cy - 1); y <= std::min(long(gh) - 1, cy + 1); ++y)
            for (long x = std::max(0L, cx - 1); x <= std::min(long(gw) - 1, cx + 1); ++x) {
                const size_t c = size_t(y) * gw + size_t(x);
                for (uint32_t t = cell_start_[c]; t < cell_start_[c + 1]; ++t) {
                    const uint32_t j = cell_items_[t];
                    if (j == i) continue;
                    float dx = pos_[2 * i] - pos_[2 * j], dy = pos_[2 * i + 1] - pos_[2 * j + 1];
                    float d2 = dx * dx + dy * dy;
                    if (d2 >= reach2) continue;
                    if (d2 < 1e-8f) {
                        // Coincident nodes (identical vectors): push apart in a fixed direction
                        // that depends on the pair, never by dividing by zero.
                        const float a = float((i * 2654435761u + j) % 6283) * 0.001f;
                        dx = std::cos(a) * 1e-3f;
                        dy = std::sin(a) * 1e-3f;
                        d2 = 1e-6f;
                    }
                    const float f = k2 / d2;  // FR: k^2 / d, along the unit direction
                    fx += dx * f;
                    fy += dy * f;
                }
            }
        disp_[2 * i] += fx;
        disp_[2 * i + 1] += fy;
    }
}

void ForceLayout::attract() {
    for (const Spring& s : springs_) {
        const float dx = pos_[2 * s.a] - pos_[2 * s.b], dy = pos_[2 * s.a + 1] - pos_[2 * s.b + 1];
        const float d = std::sqrt(dx * dx + dy * dy);
        const float f = s.strength * d / kEdgeLength;  // FR: d^2 / k, along the unit direction
        disp_[2 * s.a] -= dx * f;
        disp_[2 * s.a + 1] -= dy * f;
        disp_[2 * s.b] += dx * f;
        disp_[2 * s.b + 1] += dy * f;
    }
}

bool ForceLayout::step(int iterations) {
    const size_t n = size();
    for (int it = 0; it < iterations && !settled() && n > 0; ++it) {
        std::fill(disp_.begin(), disp_.end(), 0.0f);
        repulse();
        attract();
        for (size_t i = 0; i < n; ++i) {
            if (pinned_[i]) continue;
            float dx = disp_[2 * i] - kGravity * pos_[2 * i], dy = disp_[2 * i + 1] - kGravity * pos_[2 * i + 1];
            const float len = std::sqrt(dx * dx + dy * dy);
            if (!(len > 0) || !std::isfinite(len)) continue;
            const float move = std::min(len, temperature_) / len;
            pos_[2 * i] += dx * move;
            pos_[2 * i + 1] += dy * move;
        }
        temperature_ *= kCooling;
        ++iterations_;
    }
    return !settled();
}

}  // namespace embx
