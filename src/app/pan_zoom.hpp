// The one camera of the Graph and Map canvases. A view plane is shown `zoom` screen pixels per
// unit with its point (pan_x, pan_y) at the canvas centre; screen y grows downwards, and `y_up`
// makes view y grow upwards (the map's maths convention). The wheel zooms about the cursor (the
// point under it stays put) and a drag moves the view with the mouse, in both canvases.
#pragma once

namespace embx::app {

struct PanZoom {
    float pan_x = 0, pan_y = 0;  // the view-plane point at the canvas centre
    float zoom = 40;  // screen pixels per view unit
    float min_zoom = 1e-6f, max_zoom = 1e9f;
    bool y_up = false;

    // An offset from the canvas centre in screen pixels <-> a view-plane point.
    void to_view(float sx, float sy, float& vx, float& vy) const;
    void to_screen(float vx, float vy, float& sx, float& sy) const;

    // The wheel turned by `steps` with the cursor at (cx, cy) from the centre: zoom by 1.15^steps,
    // within [min_zoom, max_zoom], keeping the view point under the cursor where it was.
    void zoom_about(float cx, float cy, float steps);
    // The mouse dragged by (dx, dy) screen pixels: what was under it follows it.
    void drag(float dx, float dy);
    // The UI scale (device pixel ratio: browser zoom, a HiDPI screen) became `scale`. The canvas
    // now has scale/old times as many pixels, so the zoom follows: the view fills the canvas as
    // before instead of shrinking or growing.
    void follow_scale(float scale);

private:
    float scale_ = 0;  // the UI scale the zoom was last set for (0: not yet known)
};

}  // namespace embx::app
