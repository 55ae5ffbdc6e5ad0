// The wink GloVe JSON importer on fixtures generated here (same shape as the npm file).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "core/search.hpp"
#include "fixtures.hpp"
#include "formats/wink_json.hpp"

namespace embx {
namespace {

std::string wink_json(const test::FloatTable& f, bool shuffle_order = false) {
    const size_t n = f.words.size();
    std::string s = "{\"precision\":8,\"l2NormIndex\":" + std::to_string(f.dims) +
                    ",\"wordIndex\":" + std::to_string(f.dims + 1) + ",\"size\":" + std::to_string(n) +
                    ",\"dimensions\":" + std::to_string(f.dims) + ",\"words\":[";
    for (size_t r = 0; r < n; ++r) s += (r ? ",\"" : "\"") + f.words[r] + "\"";
    s += "],\"vectors\":{";
    char buf[64];
    for (size_t i = 0; i < n; ++i) {
        const size_t r = shuffle_order ? (i * 7 + 3) % n : i;  // n must be coprime with 7
        s += (i ? ",\"" : "\"") + f.words[r] + "\":[";
        double norm = 0;
        for (uint32_t d = 0; d < f.dims; ++d) {
            std::snprintf(buf, sizeof buf, "%.6g", double(f.row(r)[d]));
            s += std::string(d ? "," : "") + buf;
            norm += double(f.row(r)[d]) * f.row(r)[d];
        }
        std::snprintf(buf, sizeof buf, ",%.8f,%zu]", std::sqrt(norm), r);
        s += buf;
    }
    s += "},\"unkVector\":[";
    for (uint32_t d = 0; d < f.dims; ++d) s += d ? ",0" : "0";
    s += ",0,-1]}";
    return s;
}

std::shared_ptr<EmbeddingTable> import(const std::string& json, size_t chunk, Status* status,
                                       ImportOptions opt = {}) {
    auto imp = make_wink_json_importer("glove.json", opt);
    *status = test::feed_all(*imp, test::bytes_of(json), chunk);
    return imp->table();
}

TEST(WinkJson, ImportsRowsInFrequencyOrder) {
    const auto f = test::make_float_table(50, 12, 77);
    const std::string json = wink_json(f);
    for (size_t chunk : {size_t(1), size_t(13), json.size()}) {
        Status s;
        auto t = import(json, chunk, &s, {DType::F32, 0});
        ASSERT_TRUE(s.ok()) << s.error();
        ASSERT_EQ(t->rows(), 50u);
        ASSERT_EQ(t->dims(), 12u);
        std::vector<float> v(12);
        for (size_t r = 0; r < 50; ++r) {
            ASSERT_EQ(t->word(r), f.words[r]);
            t->row_as_float(r, v.data());
            for (int d = 0; d < 12; ++d) EXPECT_NEAR(v[d], f.row(r)[d], 1e-5f * (1 + std::fabs(v[d])));
        }
    }
}

TEST(WinkJson, OutOfOrderVectorsAreReordered) {
    const auto f = test::make_float_table(30, 4, 78);
    Status s;
    auto t = import(wink_json(f, true), 64, &s, {DType::I8, 0});
    ASSERT_TRUE(s.ok()) << s.error();
    for (size_t r = 0; r < 30; ++r) EXPECT_EQ(t->word(r), f.words[r]);
}

TEST(WinkJson, LimitKeepsTheMostFrequentRows) {
    const auto f = test::make_float_table(30, 4, 79);
    Status s;
    auto t = import(wink_json(f), 100, &s, {DType::I8, 10});
    ASSERT_TRUE(s.ok()) << s.error();
    EXPECT_EQ(t->rows(), 10u);
    EXPECT_EQ(t->word(9), "w9");
}

TEST(WinkJson, BadFilesAreReportedWithTheirOffset) {
    const auto f = test::make_float_table(5, 3, 80);
    const std::string good = wink_json(f);
    struct Case {
        std::string json;
        const char* message;
    } cases[] = {
        {good.substr(0, good.size() / 2), "input ends inside"},
        {"{\"words\":[],\"vectors\":{}}", "'dimensions' must appear before 'vectors'"},
        {"{\"dimensions\":3,\"size\":2,\"vectors\":{\"a\":[1,2,3,0]}}", "has 4 values, expected 5"},
        {"{\"dimensions\":3,\"size\":2,\"vectors\":{\"a\":[1,2,3,4,0,9]}}", "more than dimensions"},
        {"{\"dimensions\":3,\"size\":2,\"vectors\":{\"a\":[1,2,3,4,7]}}", "invalid index"},
        {"{\"dimensions\":3,\"size\":2,\"vectors\":{\"a\":[1,2,3,4,0],\"b\":[1,2,3,4,0]}}", "share index 0"},
        {"{\"dimensions\":3,\"size\":2,\"vectors\":{\"a\":[1,2,1e39,4,0]}}", "out of float range"},
        {"{\"dimensions\":-3}", "whole number"},
        {"{\"dimensions\":3,\"size\":2,\"words\":[\"x\",\"y\"],\"vectors\":{\"a\":[1,2,3,4,0]}}",
         "words[0] is 'x'"},
        {"{\"dimensions\":3,\"size\":2,\"vectors\":{\"a\":[1,2,3,4,0]}}", "row 1"},
        {"{\"size\":1,\"words\":[\"a\",\"b\"]}", "more entries than 'size'"},
        {"{}", "no 'vectors' object"},
        {"", "input is empty"},
    };
    for (const auto& c : cases) {
        Status s;
        import(c.json, 7, &s);
        ASSERT_FALSE(s.ok()) << c.json;
        EXPECT_NE(s.error().find(c.message), std::string::npos) << c.json << " -> " << s.error();
        EXPECT_EQ(s.error().rfind("glove.json", 0), 0u) << s.error();
    }
}

TEST(WinkJson, FixtureNeighboursMatchTheFloatTable) {
    const auto f = test::make_float_table(200, 20, 81);
    Status s;
    auto t = import(wink_json(f), 4096, &s, {DType::I8, 0});
    ASSERT_TRUE(s.ok());
    auto reference = test::to_table(f, DType::F32);
    auto a = neighbors(*t, "w8", 3);
    auto b = neighbors(*reference, "w8", 3);
    ASSERT_TRUE(a.ok() && b.ok());
    for (size_t i = 0; i < 3; ++i) {
        EXPECT_EQ((*a)[i].row, (*b)[i].row);
        EXPECT_NEAR((*a)[i].score, (*b)[i].score, 0.01);
    }
}

}  // namespace
}  // namespace embx
