// app/tokenizer_reader: a table's embedded tokenizer.json parsed off the UI thread.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "app/tokenizer_reader.hpp"
#include "bpe_fixtures.hpp"
#include "core/tokenizer/tokenizer.hpp"
#include "fixtures.hpp"
#include "formats/table_tokenizer.hpp"

namespace embx::app {
namespace {

// A byte-level BPE tokenizer.json with `merges` extra merges (more merges: a longer parse).
std::string bpe_json(size_t merges) {
    std::vector<std::pair<std::string, std::string>> m;
    for (size_t i = 0; i < merges; ++i) m.emplace_back(std::string(1, char('a' + i % 26)), std::string(1, char('a' + i / 26 % 26)));
    return test::tiny_bpe_json(m);
}

std::shared_ptr<const EmbeddingTable> table_with(const std::string& name, const std::string* tokenizer_json) {
    TableInfo info;
    info.name = name;
    info.dims = 4;
    info.dtype = DType::F32;
    auto t = std::make_shared<EmbeddingTable>(info);
    if (tokenizer_json) t->set_metadata({{std::string(kTokenizerMetadataKey), *tokenizer_json}});
    return t;
}

// Polls ready() as the UI does, a frame at a time, for up to 20 s.
std::optional<TokenizerAnswer> poll(TokenizerReader& r) {
    for (int frame = 0; frame < 2000; ++frame) {
        if (auto a = r.ready()) return a;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return std::nullopt;
}

TEST(TokenizerReader, ATableWithoutATokenizerIsAnsweredAtOnce) {
    TokenizerReader r(true);
    r.wanted(table_with("plain", nullptr));
    auto a = r.ready();
    ASSERT_TRUE(a.has_value());
    ASSERT_TRUE(a->ok());
    EXPECT_FALSE(**a);
    r.wanted(nullptr);
    ASSERT_TRUE(r.ready().has_value());
}

TEST(TokenizerReader, WithoutBackgroundThreadsTheParseIsDoneWhenAsked) {
    const std::string json = bpe_json(40);
    TokenizerReader r(false);
    r.wanted(table_with("llm", &json));
    auto a = r.ready();
    ASSERT_TRUE(a.has_value());
    ASSERT_TRUE(a->ok()) << a->error();
    ASSERT_TRUE(**a);
    EXPECT_FALSE((**a)->encode("ab ba").empty());
}

TEST(TokenizerReader, InTheBackgroundTheUiPollsAndTheApiWaits) {
    if (!test::threads_available()) GTEST_SKIP() << "no threads in this build";
    const std::string json = bpe_json(600);
    auto table = table_with("llm", &json);
    {
        TokenizerReader r(true);
        r.wanted(table);
        auto a = poll(r);
        ASSERT_TRUE(a.has_value()) << "the parse never finished";
        ASSERT_TRUE(a->ok()) << a->error();
        ASSERT_TRUE(**a);
        auto w = r.wait();
        ASSERT_TRUE(w.ok());
        EXPECT_EQ(w->get(), a->value().get()) << "parsed once per table";
        r.wanted(table);  // the same table again: no new parse
        ASSERT_TRUE(r.ready().has_value());
    }
    {
        TokenizerReader r(true);
        r.wanted(table);
        auto w = r.wait();  // no poll first
        ASSERT_TRUE(w.ok()) << w.error();
        EXPECT_TRUE(*w);
    }
}

TEST(TokenizerReader, AnUnusableTokenizerIsAnErrorNamingTheTable) {
    const std::string bad = R"({"model": {"type": "Unigram", "vocab": [["a", 0.0]]}})";
    for (bool background : {false, true}) {
        if (background && !test::threads_available()) continue;
        TokenizerReader r(background);
        r.wanted(table_with("odd.embx", &bad));
        auto a = poll(r);
        ASSERT_TRUE(a.has_value());
        ASSERT_FALSE(a->ok());
        EXPECT_NE(a->error().find("odd.embx (embedded tokenizer.json)"), std::string::npos) << a->error();
    }
}

TEST(TokenizerReader, ATableReplacedWhileItsTokenizerIsReadGetsTheNewAnswer) {
    if (!test::threads_available()) GTEST_SKIP() << "no threads in this build";
    const std::string big = bpe_json(650), small = bpe_json(3);
    for (int round = 0; round < 5; ++round) {
        TokenizerReader r(true);
        auto first = table_with("first", &big), second = table_with("second", nullptr), third = table_with("third", &small);
        r.wanted(first);
        r.wanted(second);
        auto a = r.ready();
        ASSERT_TRUE(a.has_value()) << "the second table has no tokenizer: nothing to wait for";
        EXPECT_FALSE(**a);
        r.wanted(third);
        first.reset();  // the parse of the first still runs, on its own copy of the JSON
        auto b = poll(r);
        ASSERT_TRUE(b.has_value());
        ASSERT_TRUE(b->ok()) << b->error();
        ASSERT_TRUE(**b);
        // Destroyed with parses possibly still running: they finish, nothing is left behind.
        r.wanted(table_with("fourth", &big));
    }
}

}  // namespace
}  // namespace embx::app
