// tokenizer.json vocabularies: BPE and Unigram layouts, added tokens, holes, every chunk size,
// truncation at every byte and bad ids.
#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "formats/tokenizer_vocab.hpp"

namespace embx {
namespace {

struct Read {
    Expected<std::vector<std::string>> vocab = Error{"not read"};
    std::vector<std::string> notes;
};

Read read(const std::string& json, size_t chunk) {
    TokenizerVocabReader r("tokenizer.json");
    Read out;
    const auto bytes = test::bytes_of(json);
    for (size_t at = 0; at < bytes.size(); at += chunk) {
        if (Status s = r.feed(bytes.data() + at, std::min(chunk, bytes.size() - at)); !s.ok()) {
            out.vocab = Error{s.error()};
            return out;
        }
    }
    out.vocab = r.finish();
    out.notes = r.notes();
    return out;
}

bool has_note(const std::vector<std::string>& notes, const std::string& part) {
    for (const auto& n : notes)
        if (n.find(part) != std::string::npos) return true;
    return false;
}

// Shaped like the Qwen2 tokenizer.json: added tokens first, byte-level BPE strings, merges.
const std::string kBpe = R"({
  "version": "1.0",
  "added_tokens": [
    {"id": 7, "content": "<|endoftext|>", "single_word": false, "special": true},
    {"id": 8, "content": "<|im_start|>", "special": true},
    {"id": 2, "content": "HTML", "special": false}
  ],
  "normalizer": {"type": "NFC"},
  "pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "Split", "pattern": {"Regex": "x"}}]},
  "decoder": {"type": "ByteLevel", "vocab": {"not": 99}},
  "model": {
    "type": "BPE",
    "dropout": null,
    "vocab": {"!": 0, "\u0120cod": 1, "HTML": 2, "ers": 3, "caf\u00e9": 5, "\"q\"": 4},
    "merges": ["\u0120 c", "o d"]
  }
})";

TEST(TokenizerVocab, BpeVocabularyWithAddedTokensAndHoles) {
    for (size_t chunk = 1; chunk <= kBpe.size(); ++chunk) {
        const auto r = read(kBpe, chunk);
        ASSERT_TRUE(r.vocab.ok()) << "chunk " << chunk << ": " << r.vocab.error();
        const std::vector<std::string> want = {"!", "\xC4\xA0" "cod", "HTML", "ers", "\"q\"",
                                               "caf\xC3\xA9", "<unused 6>", "<|endoftext|>", "<|im_start|>"};
        ASSERT_EQ(*r.vocab, want);
        EXPECT_TRUE(has_note(r.notes, "9 token ids (3 added tokens)"));
        EXPECT_TRUE(has_note(r.notes, "1 token ids have no token"));
        EXPECT_TRUE(has_note(r.notes, "1 added tokens repeat their model.vocab entry"));
    }
}

TEST(TokenizerVocab, UnigramIdsArePositions) {
    const std::string json = R"({"added_tokens":[{"id":3,"content":"<mask>"}],
        "model":{"type":"Unigram","unk_id":0,"vocab":[["<unk>",0.0],["\u2581the",-1.5],["s",-2.25]]}})";
    const auto r = read(json, 5);
    ASSERT_TRUE(r.vocab.ok()) << r.vocab.error();
    const std::vector<std::string> want = {"<unk>", "\xE2\x96\x81the", "s", "<mask>"};
    EXPECT_EQ(*r.vocab, want);
}

TEST(TokenizerVocab, WholeBufferHelper) {
    std::vector<std::string> notes;
    const auto bytes = test::bytes_of(kBpe);
    const auto v = read_tokenizer_vocab("t.json", bytes.data(), bytes.size(), &notes);
    ASSERT_TRUE(v.ok()) << v.error();
    EXPECT_EQ(v->size(), 9u);
    EXPECT_FALSE(notes.empty());
}

TEST(TokenizerVocabBadInput, TruncatedAtEveryByteIsAnError) {
    for (size_t cut = 0; cut < kBpe.size(); ++cut) {
        const auto r = read(kBpe.substr(0, cut), 7);
        ASSERT_FALSE(r.vocab.ok()) << "cut " << cut;
        EXPECT_EQ(r.vocab.error().rfind("tokenizer.json: byte ", 0), 0u) << r.vocab.error();
    }
}

TEST(TokenizerVocabBadInput, BadIdsAndLayouts) {
    struct Case {
        std::string json;
        const char* message;
    } cases[] = {
        {R"({"model":{"vocab":{"a":-1}}})", "token id -1 is not an integer in 0..2147483647"},
        {R"({"model":{"vocab":{"a":1.5}}})", "token id 1.5 is not an integer"},
        {R"({"model":{"vocab":{"a":1e3}}})", "token id 1e3 is not an integer"},
        {R"({"model":{"vocab":{"a":2147483648}}})", "token id 2147483648 is not an integer"},
        {R"({"model":{"vocab":{"a":"1"}}})", "model.vocab[\"a\"] must be a token id, not a string"},
        {R"({"model":{"vocab":{"a":null}}})", "must be a token id, not null"},
        {R"({"model":{"vocab":{"a":[1]}}})", "must be a token id, not an array"},
        {R"({"model":{"vocab":{"a":0,"b":0}}})", "token id 0 is given to both 'a' and 'b'"},
        {R"({"added_tokens":[{"id":0,"content":"x"}],"model":{"vocab":{"a":0}}})", "token id 0 is given to both 'x' and 'a'"},
        {R"({"added_tokens":[{"content":"x"}],"model":{"vocab":{"a":0}}})", "added_tokens[0] has no \"id\""},
        {R"({"added_tokens":[{"id":1}],"model":{"vocab":{"a":0}}})", "added_tokens[0] has no \"content\""},
        {R"({"added_tokens":[{"id":"1","content":"x"}],"model":{"vocab":{"a":0}}})", "added_tokens[0].id must be a number"},
        {R"({"added_tokens":[[1,"x"]],"model":{"vocab":{"a":0}}})", "added_tokens[0] must be an object"},
        {R"({"model":{"vocab":[[1.0,"a"]]}})", "model.vocab entry 0 must start with its token string"},
        {R"({"model":{"vocab":["a"]}})", "entries must be [token, score] arrays"},
        {R"({"model":{"vocab":[[]]}})", "model.vocab entry 0 is empty"},
        {R"({"model":{"vocab":{"a":0},"vocab":{"b":1}}})", "model.vocab appears twice"},
        {R"({"model":{"vocab":{"a":2000000}}})", "token ids go up to 2000000 but only 1 are used"},
        {R"({"model":{"vocab":{}}})", "the vocabulary is empty"},
        {R"({"model":{"type":"BPE"}})", "no model.vocab found"},
        {R"({"vocab":{"a":0}})", "no model.vocab found"},
        {R"([1,2])", "no model.vocab found"},
        {R"({"model":{"vocab":{"a":0}}} x)", "unexpected data after the end"},
        {"", "input is empty"},
    };
    for (const auto& c : cases) {
        const auto r = read(c.json, 3);
        ASSERT_FALSE(r.vocab.ok()) << c.json;
        EXPECT_NE(r.vocab.error().find(c.message), std::string::npos) << c.json << " -> " << r.vocab.error();
        EXPECT_EQ(r.vocab.error().rfind("tokenizer.json: byte ", 0), 0u) << r.vocab.error();
    }
}

}  // namespace
}  // namespace embx
