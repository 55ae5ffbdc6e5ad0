#include <gtest/gtest.h>

#include <string>

#include "formats/json_stream.hpp"

namespace embx {
namespace {

// Records events as a compact string: {  }  [  ]  k:key  s:str  n:num  l:lit
class Recorder : public JsonHandler {
public:
    std::string log;
    bool begin_object() override { log += "{"; return true; }
    bool end_object() override { log += "}"; return true; }
    bool begin_array() override { log += "["; return true; }
    bool end_array() override { log += "]"; return true; }
    bool key(std::string_view k) override { log += "k:" + std::string(k) + " "; return true; }
    bool string(std::string_view s) override { log += "s:" + std::string(s) + " "; return true; }
    bool number(std::string_view t) override { log += "n:" + std::string(t) + " "; return true; }
    bool literal(std::string_view w) override { log += "l:" + std::string(w) + " "; return true; }
};

Status parse(const std::string& text, size_t chunk, std::string* log = nullptr) {
    Recorder rec;
    JsonStreamParser p(rec, "t.json");
    for (size_t at = 0; at < text.size(); at += chunk) {
        Status s = p.feed(text.data() + at, std::min(chunk, text.size() - at));
        if (!s.ok()) return s;
    }
    Status s = p.finish();
    if (log) *log = rec.log;
    return s;
}

TEST(JsonStream, SameEventsForEveryChunkSize) {
    const std::string doc =
        "\xEF\xBB\xBF { \"a\": [1, -2.5e3, 0, true, null], \"b\\\"c\": {\"d\": \"x\\ny\\u00e9\\ud83d\\ude00\"},"
        " \"e\": [], \"f\": {} }\n";
    std::string want;
    ASSERT_TRUE(parse(doc, doc.size(), &want).ok());
    EXPECT_EQ(want,
              "{k:a [n:1 n:-2.5e3 n:0 l:true l:null ]k:b\"c {k:d s:x\ny\xc3\xa9\xf0\x9f\x98\x80 }"
              "k:e []k:f {}}");
    for (size_t chunk = 1; chunk < doc.size(); ++chunk) {
        std::string got;
        ASSERT_TRUE(parse(doc, chunk, &got).ok()) << chunk;
        EXPECT_EQ(got, want) << chunk;
    }
}

TEST(JsonStream, TopLevelScalars) {
    std::string log;
    EXPECT_TRUE(parse("42", 1, &log).ok());
    EXPECT_EQ(log, "n:42 ");
    EXPECT_TRUE(parse(" \"s\" ", 2, &log).ok());
}

TEST(JsonStream, LoneSurrogatesBecomeReplacementCharacters) {
    std::string log;
    ASSERT_TRUE(parse("[\"\\ud800x\", \"\\udc00\"]", 3, &log).ok());
    EXPECT_EQ(log, "[s:\xef\xbf\xbdx s:\xef\xbf\xbd ]");
}

struct BadCase {
    const char* json;
    const char* message;
};

TEST(JsonStream, MalformedInputNamesTheProblemAndOffset) {
    const BadCase cases[] = {
        {"", "input is empty"},
        {"   ", "input is empty"},
        {"{", "ends inside an object"},
        {"[1, 2", "ends inside an array"},
        {"{\"a\" 1}", "expected ':'"},
        {"{\"a\": 1 \"b\": 2}", "expected ','"},
        {"[1,]", "unexpected ']'"},
        {"{,}", "unexpected ','"},
        {"[01]", "malformed number"},
        {"[1.]", "malformed number"},
        {"[-]", "malformed number"},
        {"[1e]", "malformed number"},
        {"[tru]", "unexpected word"},
        {"[nan]", "unexpected word"},
        {"[\"abc", "ends inside a string"},
        {"[\"a\x01\"]", "control character"},
        {"[\"\\x\"]", "invalid escape"},
        {"[\"\\u12g4\"]", "invalid \\u escape"},
        {"{} {}", "after the end of the JSON value"},
        {"[1] 2", "after the end of the JSON value"},
        {"@", "unexpected '@'"},
        {"[\x80]", "unexpected byte 0x80"},
        {"{1: 2}", "expected an object key"},
    };
    for (const auto& c : cases) {
        for (size_t chunk : {size_t(1), size_t(1000)}) {
            Status s = parse(c.json, chunk);
            ASSERT_FALSE(s.ok()) << c.json;
            EXPECT_NE(s.error().find(c.message), std::string::npos) << c.json << " -> " << s.error();
            EXPECT_EQ(s.error().rfind("t.json: byte ", 0), 0u) << s.error();
        }
    }
}

TEST(JsonStream, DepthAndTokenLimits) {
    Recorder rec;
    JsonStreamParser p(rec, "deep.json", JsonStreamParser::Limits{8, 16});
    const std::string deep(9, '[');
    Status s = p.feed(deep.data(), deep.size());
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("nesting deeper than 8"), std::string::npos);

    Recorder rec2;
    JsonStreamParser p2(rec2, "long.json", JsonStreamParser::Limits{8, 16});
    const std::string long_str = "[\"" + std::string(40, 'a') + "\"]";
    s = p2.feed(long_str.data(), long_str.size());
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("longer than 16"), std::string::npos);
}

}  // namespace
}  // namespace embx
