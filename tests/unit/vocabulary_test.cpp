#include <gtest/gtest.h>

#include <string>

#include "core/topk.hpp"
#include "core/vocabulary.hpp"

namespace embx {
namespace {

TEST(Vocabulary, FindsEveryWordAfterManyGrowths) {
    Vocabulary v;
    for (int i = 0; i < 20000; ++i) ASSERT_TRUE(v.append("word" + std::to_string(i)));
    EXPECT_EQ(v.size(), 20000u);
    for (int i = 0; i < 20000; i += 7) {
        auto id = v.find("word" + std::to_string(i));
        ASSERT_TRUE(id.has_value());
        EXPECT_EQ(*id, uint32_t(i));
        EXPECT_EQ(v.word(*id), "word" + std::to_string(i));
    }
    EXPECT_FALSE(v.find("word20000").has_value());
    EXPECT_FALSE(v.find("").has_value());
}

TEST(Vocabulary, TheIndexIsFilledUpToThreeQuarters) {
    // The default GloVe table's 341,479 words: 2^19 slots a table (load 0.65), 8.4 MB for both,
    // where a load under 1/2 took 2^20 (16.8 MB).
    Vocabulary v;
    v.reserve(341479, 341479 * 8);
    EXPECT_EQ(v.index_bytes(), 2u * (size_t(1) << 19) * 8);
    // Growing word by word lands on the same size, and every word and its folded form are found.
    Vocabulary w;
    for (int i = 0; i < 393216; ++i) ASSERT_TRUE(w.append("W" + std::to_string(i)));
    EXPECT_EQ(w.index_bytes(), 2u * (size_t(1) << 19) * 8);  // 393,216 words = 3/4 of 2^19: one more grows it
    ASSERT_TRUE(w.append("last"));
    EXPECT_EQ(w.index_bytes(), 2u * (size_t(1) << 20) * 8);
    for (int i = 0; i < 393216; i += 97) {
        ASSERT_EQ(w.find("W" + std::to_string(i)), uint32_t(i));
        ASSERT_EQ(w.find_folded("w" + std::to_string(i)), uint32_t(i));
    }
    EXPECT_FALSE(w.find("W393216").has_value());
}

TEST(Vocabulary, DuplicateKeepsFirstAndStillAppendsRow) {
    Vocabulary v;
    EXPECT_TRUE(v.append("the"));
    EXPECT_TRUE(v.append("cat"));
    EXPECT_FALSE(v.append("the"));
    EXPECT_EQ(v.size(), 3u);
    EXPECT_EQ(*v.find("the"), 0u);
    EXPECT_EQ(v.word(2), "the");
}

TEST(Vocabulary, ArbitraryBytesAndEmptyWord) {
    Vocabulary v;
    const std::string raw("\xff\x00\xe4", 3);
    EXPECT_TRUE(v.append(raw));
    EXPECT_TRUE(v.append(""));
    EXPECT_EQ(*v.find(raw), 0u);
    EXPECT_EQ(*v.find(""), 1u);
}

TEST(TopK, KeepsBestSortedWithTiesByRow) {
    TopK top(3);
    const float scores[] = {0.1f, 0.9f, 0.5f, 0.9f, 0.7f, -1.0f};
    for (uint32_t r = 0; r < 6; ++r) top.push(r, scores[r]);
    auto out = top.sorted();
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].row, 1u);
    EXPECT_EQ(out[1].row, 3u);
    EXPECT_EQ(out[2].row, 4u);
}

TEST(TopK, FewerItemsThanK) {
    TopK top(10);
    top.push(5, 0.2f);
    top.push(2, 0.3f);
    auto out = top.sorted();
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].row, 2u);
}

}  // namespace
}  // namespace embx
