// Graph labels: no two placed labels overlap, none leaves the canvas, priority decides who
// gets the good spot, and required labels (the selected word) always show.
#include <gtest/gtest.h>

#include <random>

#include "app/label_layout.hpp"

namespace embx::app {
namespace {

const LabelRect kBounds{0, 0, 800, 600};

LabelRequest at(float x, float y, float w = 60, float h = 16) {
    LabelRequest q;
    q.x = x;
    q.y = y;
    q.radius = 4;
    q.width = w;
    q.height = h;
    return q;
}

TEST(LabelLayout, FirstRequestGetsTheRightHandSpot) {
    const auto p = place_labels({at(100, 100)}, kBounds, 2);
    ASSERT_TRUE(p[0].placed);
    EXPECT_FLOAT_EQ(p[0].x, 100 + 4 + 2);
    EXPECT_FLOAT_EQ(p[0].y, 100 - 8);
}

TEST(LabelLayout, ASecondLabelOnTheSamePointMovesAside) {
    const auto p = place_labels({at(100, 100), at(100, 100)}, kBounds, 2);
    ASSERT_TRUE(p[0].placed && p[1].placed);
    EXPECT_FALSE(p[0].rect().overlaps(p[1].rect()));
    EXPECT_LT(p[1].x, 100.0f);  // the left-hand spot
}

TEST(LabelLayout, CrowdedLabelsAreDroppedNotStacked) {
    std::vector<LabelRequest> q(10, at(300, 300));
    const auto p = place_labels(q, kBounds, 2);
    size_t placed = 0;
    for (const auto& l : p) placed += l.placed;
    EXPECT_GE(placed, 4u);  // right, left, above, below at least
    EXPECT_LT(placed, 8u);  // the corners clash with above/below: then the point is full
    for (size_t i = 0; i < p.size(); ++i)
        for (size_t j = 0; j < i; ++j)
            if (p[i].placed && p[j].placed) { EXPECT_FALSE(p[i].rect().overlaps(p[j].rect())) << i << " " << j; }
}

TEST(LabelLayout, RequiredLabelsShowEvenWhenCrowded) {
    std::vector<LabelRequest> q(5, at(300, 300));
    q[4].required = true;
    const auto p = place_labels(q, kBounds, 2);
    ASSERT_TRUE(p[4].placed);
    EXPECT_TRUE(p[4].rect().overlaps(p[0].rect()));  // forced onto the first spot
}

TEST(LabelLayout, LabelsStayInsideTheBounds) {
    const auto p = place_labels({at(795, 300), at(5, 5)}, kBounds, 2);
    ASSERT_TRUE(p[0].placed);
    EXPECT_LE(p[0].x + p[0].width, 800.0f);  // no room on the right: the left spot
    EXPECT_LT(p[0].x, 795.0f);
    ASSERT_TRUE(p[1].placed);  // a corner point: below and to the right
    EXPECT_GE(p[1].y, 5.0f);
    EXPECT_GE(p[1].x, 5.0f);
    const auto none = place_labels({at(400, 300, 900, 16)}, kBounds, 2);  // wider than the canvas
    EXPECT_FALSE(none[0].placed);
}

TEST(LabelLayout, RandomCloudsNeverOverlap) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> x(0, 800), y(0, 600), w(20, 120);
    for (int round = 0; round < 5; ++round) {
        std::vector<LabelRequest> q;
        for (int i = 0; i < 1500; ++i) q.push_back(at(x(rng), y(rng), w(rng), 14 + float(i % 3)));
        const auto p = place_labels(q, kBounds, 1);
        size_t placed = 0;
        for (size_t i = 0; i < p.size(); ++i) {
            if (!p[i].placed) continue;
            ++placed;
            const LabelRect r = p[i].rect();
            EXPECT_TRUE(r.x0 >= 0 && r.y0 >= 0 && r.x1 <= 800 && r.y1 <= 600);
            for (size_t j = 0; j < i; ++j)
                if (p[j].placed) { ASSERT_FALSE(r.overlaps(p[j].rect())) << i << " overlaps " << j; }
        }
        EXPECT_GT(placed, 100u);  // a crowded canvas still gets many labels
        EXPECT_LT(placed, p.size());
    }
}

}  // namespace
}  // namespace embx::app
