// tokenizer.json as a whole tokenizer: a small Qwen-shaped file generated in code (both merge
// forms), fed in every chunk size and truncated at every byte; components we do not implement
// are refused, naming the place in the file and what it holds.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bpe_fixtures.hpp"
#include "fixtures.hpp"
#include "formats/tokenizer_json.hpp"

namespace embx {
namespace {

using json = nlohmann::ordered_json;
using test::bl;

const std::vector<std::pair<std::string, std::string>> kMerges = {
    {" ", "t"}, {"h", "e"}, {" t", "he"}, {"c", "a"}, {"ca", "t"}};

// A Qwen2-shaped tokenizer.json over tiny_bpe(kMerges) with one special token.
json qwen_like(bool pair_merges) {
    const TokenizerSpec spec = test::tiny_bpe(kMerges, {"<|endoftext|>"});
    const auto& v = spec.model.vocab;
    json vocab = json::object();
    for (size_t i = 0; i + 1 < v.size(); ++i) vocab[v[i]] = i;
    json merges = json::array();
    for (const auto& [a, b] : spec.model.merges) merges.push_back(pair_merges ? json::array({a, b}) : json(a + " " + b));
    json doc;
    doc["version"] = "1.0";
    doc["added_tokens"] = json::array({{{"id", v.size() - 1}, {"content", "<|endoftext|>"}, {"single_word", false},
                                        {"lstrip", false}, {"rstrip", false}, {"normalized", false}, {"special", true}}});
    doc["normalizer"] = {{"type", "NFC"}};
    doc["pre_tokenizer"] = {
        {"type", "Sequence"},
        {"pretokenizers",
         json::array({{{"type", "Split"}, {"pattern", {{"Regex", std::string(test::kQwen2Pattern)}}}, {"behavior", "Isolated"},
                       {"invert", false}},
                      {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", false}, {"use_regex", false}}})}};
    doc["model"] = {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"byte_fallback", false},
                    {"vocab", vocab}, {"merges", merges}};
    return doc;
}

Expected<Tokenizer> read(const std::string& text, size_t chunk = 1 << 20) {
    TokenizerJsonReader r("tokenizer.json");
    const auto bytes = test::bytes_of(text);
    for (size_t at = 0; at < bytes.size(); at += chunk)
        if (Status s = r.feed(bytes.data() + at, std::min(chunk, bytes.size() - at)); !s.ok()) return Error{s.error()};
    return r.finish();
}

std::vector<std::string> texts(const Tokenizer& t, const std::string& s) {
    std::vector<std::string> out;
    for (const Token& tok : t.encode(s)) out.push_back(tok.text);
    return out;
}

TEST(TokenizerJson, BothMergeForms) {
    for (bool pairs : {false, true}) {
        auto t = read(qwen_like(pairs).dump());
        ASSERT_TRUE(t.ok()) << t.error();
        EXPECT_EQ(texts(*t, "the cat<|endoftext|>"), (std::vector<std::string>{"t", "he", bl(" "), "cat", "<|endoftext|>"}));
        EXPECT_EQ(texts(*t, " the"), (std::vector<std::string>{bl(" the")}));
    }
}

TEST(TokenizerJson, EveryChunkSize) {
    const std::string text = qwen_like(true).dump();
    const auto want = read(text)->encode_ids("the cat sat");
    for (size_t chunk : {size_t(1), size_t(2), size_t(3), size_t(7), size_t(64), size_t(1000)}) {
        auto t = read(text, chunk);
        ASSERT_TRUE(t.ok()) << chunk << ": " << t.error();
        EXPECT_EQ(t->encode_ids("the cat sat"), want) << chunk;
    }
}

TEST(TokenizerJsonBadInput, TruncatedAtEveryByte) {
    const std::string text = qwen_like(false).dump();
    for (size_t n = 0; n < text.size(); n += 7) EXPECT_FALSE(read(text.substr(0, n)).ok()) << n;
}

std::string error_of(const json& doc) {
    auto t = read(doc.dump());
    return t.ok() ? "(accepted)" : t.error();
}

TEST(TokenizerJsonBadInput, RefusesWhatItDoesNotImplement) {
    const auto refused = [](json doc, const std::string& want) {
        const std::string e = error_of(doc);
        EXPECT_NE(e.find(want), std::string::npos) << e;
    };
    json uni = qwen_like(false);
    uni["model"] = {{"type", "Unigram"}, {"vocab", json::array({json::array({"a", -1.0})})}};
    refused(uni, "model.type: unsupported tokenizer model 'Unigram'");
    json pre = qwen_like(false);
    pre["pre_tokenizer"]["pretokenizers"][0] = {{"type", "UnicodeScripts"}};
    refused(pre, "pre_tokenizer.pretokenizers[0]: unsupported pre-tokenizer 'UnicodeScripts'");
    json re = qwen_like(false);
    re["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = "(?<=x)y";
    refused(re, "pre_tokenizer.pretokenizers[0]: regex '(?<=x)y': unsupported group '(?<='");
    json norm = qwen_like(false);
    norm["normalizer"] = {{"type", "Sequence"}, {"normalizers", json::array({{{"type", "NFC"}}, {{"type", "Precompiled"}}})}};
    refused(norm, "normalizer.normalizers[1]: unsupported normalizer 'Precompiled'");
    json post = qwen_like(false);
    post["post_processor"] = {{"type", "Whatever"}};
    refused(post, "post_processor: unsupported post-processor 'Whatever'");
    json dec = qwen_like(false);
    dec["decoder"] = {{"type", "CTC"}};
    refused(dec, "decoder: unsupported decoder 'CTC'");
    json tmpl = qwen_like(false);
    tmpl["post_processor"] = {{"type", "TemplateProcessing"},
                              {"single", json::array({{{"SpecialToken", {{"id", "<s>"}}}}, {{"Sequence", {{"id", "A"}}}}})},
                              {"special_tokens", json::object()}};
    refused(tmpl, "special token '<s>' is not in special_tokens");
    json no_norm = qwen_like(false);
    no_norm["normalizer"] = nullptr;
    EXPECT_EQ(error_of(no_norm), "(accepted)");
}

TEST(TokenizerJson, PostProcessorAddsSpecialTokens) {
    json doc = qwen_like(false);
    const auto eot = doc["added_tokens"][0]["id"].get<uint32_t>();
    doc["post_processor"] = {{"type", "TemplateProcessing"},
                             {"single", json::array({{{"SpecialToken", {{"id", "<|endoftext|>"}}}}, {{"Sequence", {{"id", "A"}}}}})},
                             {"special_tokens", {{"<|endoftext|>", {{"id", "<|endoftext|>"}, {"ids", json::array({eot})}}}}}};
    auto t = read(doc.dump());
    ASSERT_TRUE(t.ok()) << t.error();
    EXPECT_EQ(t->encode_ids("the", true).front(), eot);
    EXPECT_NE(t->encode_ids("the", false).front(), eot);
}

TEST(TokenizerJsonBadInput, BadMergesAndAddedTokens) {
    const std::vector<std::pair<json, std::string>> merges = {
        {json("th"), "two tokens separated by one space"},
        {json("t h e"), "two tokens separated by one space"},
        {json::array({"t"}), "a pair of token strings"},
        {json::array({"t", "h", "e"}), "a pair of token strings"},
        {json(5), "must be \"a b\""},
        {json::array({"q", "zz"}), "'zz' is not in the vocabulary"},
    };
    for (const auto& [m, want] : merges) {
        json doc = qwen_like(true);
        doc["model"]["merges"].push_back(m);
        const std::string e = error_of(doc);
        EXPECT_NE(e.find(want), std::string::npos) << m.dump() << ": " << e;
        EXPECT_EQ(e.rfind("tokenizer.json: ", 0), 0u) << e;
    }
    json no_id = qwen_like(false);
    no_id["added_tokens"][0].erase("id");
    EXPECT_NE(error_of(no_id).find("has no \"id\""), std::string::npos) << error_of(no_id);
    json no_merges = qwen_like(false);
    no_merges["model"].erase("merges");
    EXPECT_NE(error_of(no_merges).find("the BPE model has no merges"), std::string::npos) << error_of(no_merges);
    EXPECT_NE(error_of(json::array()).find("JSON object"), std::string::npos) << error_of(json::array());
}

}  // namespace
}  // namespace embx
