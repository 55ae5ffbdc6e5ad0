#include "app/label_layout.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace embx::app {

LabelRect LabelPlacement::rect() const { return {x, y, x + width, y + height}; }

namespace {

// Placed labels bucketed by a uniform grid, so each test looks at a few neighbours only
// (thousands of labels stay cheap enough for every frame).
class Occupancy {
public:
    explicit Occupancy(float cell) : cell_(cell) {}

    bool free(const LabelRect& r) const {
        bool ok = true;
        visit(r, [&](long key) {
            auto it = cells_.find(key);
            if (it == cells_.end()) return;
            for (size_t i : it->second)
                if (rects_[i].overlaps(r)) ok = false;
        });
        return ok;
    }

    void add(const LabelRect& r) {
        const size_t id = rects_.size();
        rects_.push_back(r);
        visit(r, [&](long key) { cells_[key].push_back(id); });
    }

private:
    template <class F>
    void visit(const LabelRect& r, F f) const {
        const long cx0 = long(std::floor(r.x0 / cell_)), cx1 = long(std::floor(r.x1 / cell_));
        const long cy0 = long(std::floor(r.y0 / cell_)), cy1 = long(std::floor(r.y1 / cell_));
        for (long cy = cy0; cy <= cy1; ++cy)
            for (long cx = cx0; cx <= cx1; ++cx) f(cy * 1000003L + cx);
    }

    float cell_;
    std::vector<LabelRect> rects_;
    std::unordered_map<long, std::vector<size_t>> cells_;
};

bool inside(const LabelRect& r, const LabelRect& b) { return r.x0 >= b.x0 && r.y0 >= b.y0 && r.x1 <= b.x1 && r.y1 <= b.y1; }

}  // namespace

std::vector<LabelPlacement> place_labels(const std::vector<LabelRequest>& requests, const LabelRect& bounds,
                                         float gap) {
    std::vector<LabelPlacement> out(requests.size());
    float tallest = 1;
    for (const LabelRequest& q : requests) tallest = std::max(tallest, q.height);
    Occupancy taken(4 * tallest);
    const float half = gap * 0.5f;  // each side keeps half the gap: two labels end up `gap` apart
    for (size_t i = 0; i < requests.size(); ++i) {
        const LabelRequest& q = requests[i];
        const float w = q.width, h = q.height, d = q.radius + gap;
        const float side_y = q.y - h * 0.5f;            // beside the point, centred on it
        const float up = q.y - std::max(d, h * 0.5f + gap) - h, down = q.y + std::max(d, h * 0.5f + gap);
        const float spots[8][2] = {
            {q.x + d, side_y}, {q.x - d - w, side_y},          // right, left
            {q.x - w * 0.5f, up}, {q.x - w * 0.5f, down},      // above, below
            {q.x + d, up}, {q.x + d, down},                    // right, above and below it
            {q.x - d - w, up}, {q.x - d - w, down},            // left, above and below it
        };
        LabelPlacement& p = out[i];
        p.width = w;
        p.height = h;
        for (const auto& s : spots) {
            const LabelRect r{s[0] - half, s[1] - half, s[0] + w + half, s[1] + h + half};
            if (inside(LabelRect{s[0], s[1], s[0] + w, s[1] + h}, bounds) && taken.free(r)) {
                p = {true, s[0], s[1], w, h};
                taken.add(r);
                break;
            }
        }
        if (!p.placed && q.required) {
            p = {true, spots[0][0], spots[0][1], w, h};
            taken.add({spots[0][0] - half, spots[0][1] - half, spots[0][0] + w + half, spots[0][1] + h + half});
        }
    }
    return out;
}

}  // namespace embx::app
