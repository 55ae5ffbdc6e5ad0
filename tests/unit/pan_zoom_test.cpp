// PanZoom, the camera of the Graph and Map canvases: the wheel zooms about the cursor, a drag
// moves what is under the mouse with it, the limits hold, and a change of UI scale keeps the
// view filling the canvas the same way.
#include <gtest/gtest.h>

#include "app/pan_zoom.hpp"

namespace embx::app {
namespace {

PanZoom camera(bool y_up) {
    PanZoom c;
    c.pan_x = 3;
    c.pan_y = -2;
    c.zoom = 50;
    c.y_up = y_up;
    return c;
}

class PanZoomAxes : public ::testing::TestWithParam<bool> {};

TEST_P(PanZoomAxes, ScreenAndViewRoundTrip) {
    const PanZoom c = camera(GetParam());
    float vx = 0, vy = 0, sx = 0, sy = 0;
    c.to_view(120, -45, vx, vy);
    c.to_screen(vx, vy, sx, sy);
    EXPECT_NEAR(sx, 120, 1e-3);
    EXPECT_NEAR(sy, -45, 1e-3);
    c.to_screen(c.pan_x, c.pan_y, sx, sy);  // the pan point is the centre
    EXPECT_FLOAT_EQ(sx, 0);
    EXPECT_FLOAT_EQ(sy, 0);
}

TEST_P(PanZoomAxes, ScreenYDirectionFollowsTheConvention) {
    const PanZoom c = camera(GetParam());
    float vx = 0, vy_below = 0;
    c.to_view(0, 10, vx, vy_below);  // 10 px below the centre
    EXPECT_EQ(vy_below < c.pan_y, GetParam());
}

TEST_P(PanZoomAxes, WheelKeepsThePointUnderTheCursor) {
    PanZoom c = camera(GetParam());
    float before_x = 0, before_y = 0, after_x = 0, after_y = 0;
    c.to_view(-200, 130, before_x, before_y);
    c.zoom_about(-200, 130, 3);
    EXPECT_NEAR(c.zoom, 50 * 1.15f * 1.15f * 1.15f, 1e-3);
    c.to_view(-200, 130, after_x, after_y);
    EXPECT_NEAR(after_x, before_x, 1e-4);
    EXPECT_NEAR(after_y, before_y, 1e-4);
    c.zoom_about(-200, 130, -3);  // and back
    EXPECT_NEAR(c.zoom, 50, 1e-3);
    EXPECT_NEAR(c.pan_x, 3, 1e-4);
    EXPECT_NEAR(c.pan_y, -2, 1e-4);
}

TEST_P(PanZoomAxes, ZoomAtTheCentreDoesNotPan) {
    PanZoom c = camera(GetParam());
    c.zoom_about(0, 0, 2);
    EXPECT_FLOAT_EQ(c.pan_x, 3);
    EXPECT_FLOAT_EQ(c.pan_y, -2);
}

TEST_P(PanZoomAxes, DragMovesWhatIsUnderTheMouseWithIt) {
    PanZoom c = camera(GetParam());
    float wx = 0, wy = 0, sx = 0, sy = 0;
    c.to_view(40, 60, wx, wy);
    c.drag(25, -15);
    c.to_screen(wx, wy, sx, sy);
    EXPECT_NEAR(sx, 65, 1e-3);
    EXPECT_NEAR(sy, 45, 1e-3);
}

INSTANTIATE_TEST_SUITE_P(Axes, PanZoomAxes, ::testing::Values(false, true),
                         [](const auto& param_info) { return param_info.param ? "YUp" : "YDown"; });

TEST(PanZoom, ZoomStaysWithinItsLimitsAndTheCursorPointMovesNoFurther) {
    PanZoom c = camera(false);
    c.min_zoom = 10;
    c.max_zoom = 100;
    c.zoom_about(30, 30, 50);
    EXPECT_FLOAT_EQ(c.zoom, 100);
    float wx = 0, wy = 0;
    c.to_view(30, 30, wx, wy);
    c.zoom_about(30, 30, 5);  // at the limit: nothing moves
    float wx2 = 0, wy2 = 0;
    c.to_view(30, 30, wx2, wy2);
    EXPECT_NEAR(wx2, wx, 1e-5);
    EXPECT_NEAR(wy2, wy, 1e-5);
    c.zoom_about(30, 30, -80);
    EXPECT_FLOAT_EQ(c.zoom, 10);
}

TEST(PanZoom, FollowingTheUiScaleKeepsTheViewFillingTheCanvas) {
    PanZoom c = camera(false);
    c.follow_scale(1);  // first call: only remembers the scale
    EXPECT_FLOAT_EQ(c.zoom, 50);
    c.follow_scale(2);  // browser zoom 200%: twice the pixels for the same canvas
    EXPECT_FLOAT_EQ(c.zoom, 100);
    c.follow_scale(2);
    EXPECT_FLOAT_EQ(c.zoom, 100);
    c.follow_scale(1.5f);
    EXPECT_FLOAT_EQ(c.zoom, 75);
    EXPECT_FLOAT_EQ(c.pan_x, 3);  // the centre stays
    c.follow_scale(0);  // nonsense is ignored
    EXPECT_FLOAT_EQ(c.zoom, 75);
}

}  // namespace
}  // namespace embx::app
