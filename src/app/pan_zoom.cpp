#include "app/pan_zoom.hpp"

#include <algorithm>
#include <cmath>

namespace embx::app {

void PanZoom::to_view(float sx, float sy, float& vx, float& vy) const {
    vx = pan_x + sx / zoom;
    vy = pan_y + (y_up ? -sy : sy) / zoom;
}

void PanZoom::to_screen(float vx, float vy, float& sx, float& sy) const {
    sx = (vx - pan_x) * zoom;
    sy = (y_up ? pan_y - vy : vy - pan_y) * zoom;
}

void PanZoom::zoom_about(float cx, float cy, float steps) {
    float wx = 0, wy = 0;
    to_view(cx, cy, wx, wy);
    zoom = std::clamp(zoom * std::pow(1.15f, steps), min_zoom, max_zoom);
    // Solve to_view(cx, cy) == (wx, wy) for the pan.
    pan_x = wx - cx / zoom;
    pan_y = wy - (y_up ? -cy : cy) / zoom;
}

void PanZoom::drag(float dx, float dy) {
    pan_x -= dx / zoom;
    pan_y -= (y_up ? -dy : dy) / zoom;
}

void PanZoom::follow_scale(float scale) {
    if (!(scale > 0)) return;
    if (scale_ > 0 && scale != scale_) zoom = std::clamp(zoom * scale / scale_, min_zoom, max_zoom);
    scale_ = scale;
}

}  // namespace embx::app
