// Labels that do not overlap, for the Graph tab's words. Requests come in priority order
// (the caller puts the selected and hovered words first, then inputs, then by degree); each
// label tries eight spots around its point (right, left, above, below, then the corners) and
// takes the first that overlaps no label placed before it and stays inside the bounds. A label
// that finds no spot is left out (hover shows it). Pure geometry, so it is unit-tested without a screen.
#pragma once

#include <cstddef>
#include <vector>

namespace embx::app {

struct LabelRect {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool overlaps(const LabelRect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

struct LabelRequest {
    float x = 0, y = 0;           // the point the label belongs to (screen pixels)
    float radius = 0;             // the point's marker: labels keep clear of it
    float width = 0, height = 0;  // the text's size
    bool required = false;        // placed (at its first spot) even when everything overlaps
};

struct LabelPlacement {
    bool placed = false;
    float x = 0, y = 0;  // top-left of the text
    LabelRect rect() const;
    float width = 0, height = 0;
};

// `gap`: free space kept between a label and its marker, and between labels.
std::vector<LabelPlacement> place_labels(const std::vector<LabelRequest>& requests, const LabelRect& bounds,
                                         float gap);

}  // namespace embx::app
