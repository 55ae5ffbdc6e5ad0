// The Word2Vec vocabulary: one streaming pass over text in chunks of any size, the tool's
// rules ("</s>" per newline and first, by count, min-count), lower-casing, UTF-8 and binary
// errors with their byte offsets, and the Huffman codes of hierarchical softmax.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>

#include "core/train/word2vec_vocab.hpp"

namespace embx::train {
namespace {

Expected<Word2VecVocab> count(const std::string& text, uint64_t min_count, size_t chunk = 1 << 20,
                              bool lowercase = false) {
    VocabCounter c(lowercase);
    for (size_t i = 0; i < text.size(); i += chunk) {
        Status s = c.feed(reinterpret_cast<const uint8_t*>(text.data() + i), std::min(chunk, text.size() - i));
        if (!s) return Error{s.error()};
    }
    return c.finish(min_count);
}

TEST(Word2VecVocab, CountsSortsAndDropsRareWordsLikeTheTool) {
    const std::string text = "b a c a\nb a d\n\ta  b e\r\ne e e\n";
    for (size_t chunk : {1, 2, 3, 7, 100}) {
        auto v = count(text, 2, chunk);
        ASSERT_TRUE(v.ok()) << v.error();
        ASSERT_EQ(v->words, (std::vector<std::string>{"</s>", "a", "e", "b"})) << "chunk " << chunk;
        EXPECT_EQ(v->counts, (std::vector<uint64_t>{4, 4, 4, 3}));
        EXPECT_EQ(v->train_words, 15u);
        EXPECT_EQ(v->corpus_words, 17u);  // c and d are dropped, still corpus words
        EXPECT_EQ(v->find("b"), 3);
        EXPECT_EQ(v->find("c"), -1);
    }
}

TEST(Word2VecVocab, TiesKeepFirstSeenOrder) {
    auto v = count("z y x y z x q\n", 2);
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->words, (std::vector<std::string>{"</s>", "z", "y", "x"}));
}

TEST(Word2VecVocab, LowercaseIsUnicode) {
    auto v = count("Ölçü ÖLÇÜ ölçü The THE the\n", 1, 3, true);
    ASSERT_TRUE(v.ok()) << v.error();
    EXPECT_EQ(v->words, (std::vector<std::string>{"</s>", "ölçü", "the"}));
    EXPECT_EQ(v->counts[1], 3u);
}

TEST(Word2VecVocab, LongWordsAreCutAtACharacterBoundary) {
    std::string w(kMaxWordBytes - 1, 'a');
    w += "é";  // two bytes straddling the limit
    auto v = count(w + " x\n", 1, 5);
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->find(std::string(kMaxWordBytes - 1, 'a')), 1);
}

TEST(Word2VecVocab, BadTextNamesTheByte) {
    auto e = count("good words\nthen \xff here", 1, 4);
    ASSERT_FALSE(e.ok());
    EXPECT_NE(e.error().find("byte 16: not UTF-8"), std::string::npos) << e.error();
    e = count(std::string("abc\0def", 7), 1);
    ASSERT_FALSE(e.ok());
    EXPECT_NE(e.error().find("byte 3: a NUL byte"), std::string::npos) << e.error();
    e = count("ok \xC3", 1);
    ASSERT_FALSE(e.ok());
    EXPECT_NE(e.error().find("cut off"), std::string::npos) << e.error();
    e = count("over \xE0\x80\x80 long", 1);  // overlong
    ASSERT_FALSE(e.ok());
    EXPECT_NE(e.error().find("byte 5"), std::string::npos) << e.error();
}

TEST(Word2VecVocab, EmptyOrTooRareCorpusIsAClearError) {
    auto e = count("", 5);
    ASSERT_FALSE(e.ok());
    EXPECT_NE(e.error().find("no words"), std::string::npos);
    e = count(" \n\n \t", 5);
    ASSERT_FALSE(e.ok());
    EXPECT_NE(e.error().find("no words"), std::string::npos);
    e = count("a b c a\n", 5);
    ASSERT_FALSE(e.ok());
    EXPECT_NE(e.error().find("min-count = 5"), std::string::npos) << e.error();
}

TEST(Word2VecHuffman, CodesArePrefixFreeAndFrequentWordsShort) {
    Word2VecVocab v;
    const std::vector<uint64_t> counts = {50, 400, 200, 100, 50, 25, 12, 6, 3, 1, 1};
    for (size_t i = 0; i < counts.size(); ++i) v.words.push_back("w" + std::to_string(i));
    v.counts = counts;
    ASSERT_TRUE(build_huffman(v).ok());
    const size_t n = counts.size();
    double kraft = 0, cost = 0;
    std::map<std::string, size_t> seen;
    for (size_t w = 0; w < n; ++w) {
        const auto& code = v.codes[w];
        ASSERT_EQ(code.size(), v.points[w].size());
        ASSERT_FALSE(code.empty());
        EXPECT_EQ(v.points[w][0], n - 2) << "every path starts at the root";
        for (uint32_t p : v.points[w]) EXPECT_LT(p, n - 1);
        kraft += std::ldexp(1.0, -int(code.size()));
        cost += double(counts[w]) * double(code.size());
        std::string s;
        for (uint8_t b : code) s += char('0' + b);
        seen[s] = w;
    }
    EXPECT_DOUBLE_EQ(kraft, 1.0);  // a full binary tree
    for (const auto& [a, wa] : seen)
        for (const auto& [b, wb] : seen)
            if (wa != wb) {
                EXPECT_NE(b.rfind(a, 0), 0u) << a << " is a prefix of " << b;
            }
    EXPECT_LE(v.codes[1].size(), v.codes[9].size());
    // Optimal: the Huffman cost of these counts, computed by hand with a priority queue.
    std::multiset<uint64_t> q(counts.begin(), counts.end());
    double optimal = 0;
    while (q.size() > 1) {
        const uint64_t a = *q.begin();
        q.erase(q.begin());
        const uint64_t b = *q.begin();
        q.erase(q.begin());
        optimal += double(a + b);
        q.insert(a + b);
    }
    EXPECT_DOUBLE_EQ(cost, optimal);
}

}  // namespace
}  // namespace embx::train
