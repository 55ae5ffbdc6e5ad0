// config.json and safetensors weights: what is accepted and how bad input is refused.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "formats/bert_vocab_tokenizer.hpp"
#include "formats/hf_config.hpp"
#include "formats/model_weights.hpp"
#include "safetensors_fixtures.hpp"

namespace embx {
namespace {

const char* kQwen3 = R"({"model_type": "qwen3", "hidden_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2,
  "num_key_value_heads": 1, "head_dim": 6, "intermediate_size": 4, "vocab_size": 5, "rms_norm_eps": 1e-6})";

TEST(HfConfig, ReadsQwen3WithItsOwnHeadDim) {
    auto c = parse_hf_config(kQwen3);
    ASSERT_TRUE(c.ok()) << c.error();
    EXPECT_EQ(c->arch, Architecture::Qwen3);
    EXPECT_EQ(c->head_dim, 6u);
    EXPECT_EQ(c->kv_heads, 1u);
    EXPECT_TRUE(c->qk_norm);
}

TEST(HfConfig, RefusesWhatWeDoNotRun) {
    auto gpt = parse_hf_config(R"({"model_type": "gpt2"})");
    ASSERT_FALSE(gpt.ok());
    EXPECT_NE(gpt.error().find("gpt2"), std::string::npos);
    EXPECT_NE(gpt.error().find("bert, qwen2, llama, qwen3"), std::string::npos);
    auto heads = parse_hf_config(R"({"model_type": "llama", "hidden_size": 10, "num_hidden_layers": 1,
        "num_attention_heads": 3, "intermediate_size": 4, "vocab_size": 5})");
    ASSERT_FALSE(heads.ok());
    EXPECT_NE(heads.error().find("multiple"), std::string::npos);
    auto kv = parse_hf_config(R"({"model_type": "llama", "hidden_size": 12, "num_hidden_layers": 1,
        "num_attention_heads": 3, "num_key_value_heads": 2, "intermediate_size": 4, "vocab_size": 5})");
    ASSERT_FALSE(kv.ok());
    EXPECT_NE(kv.error().find("num_key_value_heads"), std::string::npos);
    EXPECT_FALSE(parse_hf_config("not json").ok());
    EXPECT_FALSE(parse_hf_config(R"({"model_type": "bert", "hidden_size": 8})").ok());  // missing keys
}

TEST(HfConfig, CountsAreBoundedSoNoSizeComputedFromThemWraps) {
    // Found by the structure-aware safetensors fuzzer: 2^62 layers reached a vector resize that
    // threw (the program ended) instead of an error.
    const auto with = [](const std::string& key, const std::string& value) {
        nlohmann::json j = nlohmann::json::parse(R"({"model_type": "qwen2", "hidden_size": 8, "num_hidden_layers": 1,
            "num_attention_heads": 2, "intermediate_size": 4, "vocab_size": 5})");
        j[key] = nlohmann::json::parse(value);
        return parse_hf_config(j.dump(), "config.json");
    };
    EXPECT_TRUE(with("num_hidden_layers", "1024").ok());
    auto layers = with("num_hidden_layers", "4611686018427387904");
    ASSERT_FALSE(layers.ok());
    EXPECT_EQ(layers.error(), "config.json: \"num_hidden_layers\" is 4611686018427387904, more than any model we run (at most 1024)");
    EXPECT_FALSE(with("vocab_size", "18446744073709551615").ok());
    EXPECT_FALSE(with("hidden_size", "65538").ok());
    EXPECT_FALSE(with("intermediate_size", "0").ok());  // unsigned 0 is not positive either
    EXPECT_FALSE(with("num_hidden_layers", "-3").ok());
    EXPECT_FALSE(with("max_position_embeddings", "16777217").ok());
}

std::vector<uint8_t> safetensors(const test::TensorList& tensors, float fill) {
    return test::safetensors_image(tensors, fill);
}

Expected<TransformerWeights> load(const TransformerConfig& c, const std::vector<uint8_t>& file) {
    WeightsLoader loader(c, {{"model.safetensors", file.size()}}, false);
    for (auto reqs = loader.requests(); !reqs.empty(); reqs = loader.requests())
        for (const ByteRequest& r : reqs) {
            const size_t n = r.offset < file.size() ? std::min<size_t>(r.length, file.size() - r.offset) : 0;
            if (Status s = loader.deliver(r, file.data() + r.offset, n); !s.ok()) return Error{s.error()};
        }
    return loader.finish();
}

test::TensorList qwen3_tensors() {
    return {{"model.embed_tokens.weight", {5, 8}},  {"model.norm.weight", {8}},
            {"model.layers.0.self_attn.q_proj.weight", {12, 8}}, {"model.layers.0.self_attn.k_proj.weight", {6, 8}},
            {"model.layers.0.self_attn.v_proj.weight", {6, 8}},  {"model.layers.0.self_attn.o_proj.weight", {8, 12}},
            {"model.layers.0.mlp.gate_proj.weight", {4, 8}},     {"model.layers.0.mlp.up_proj.weight", {4, 8}},
            {"model.layers.0.mlp.down_proj.weight", {8, 4}},     {"model.layers.0.input_layernorm.weight", {8}},
            {"model.layers.0.post_attention_layernorm.weight", {8}},
            {"model.layers.0.self_attn.q_norm.weight", {6}},     {"model.layers.0.self_attn.k_norm.weight", {6}},
            {"lm_head.weight", {5, 8}}};
}

TEST(ModelWeights, LoadsThroughByteRequests) {
    auto c = parse_hf_config(kQwen3);
    ASSERT_TRUE(c.ok());
    auto w = load(*c, safetensors(qwen3_tensors(), 0.5f));
    ASSERT_TRUE(w.ok()) << w.error();
    EXPECT_EQ(w->decoder_layers.size(), 1u);
    EXPECT_EQ(w->decoder_layers[0].q.rows, 12u);
    EXPECT_EQ(w->decoder_layers[0].k_norm.size(), 6u);
}

TEST(ModelWeights, NamesMissingTensorsShapesAndNaN) {
    auto c = parse_hf_config(kQwen3);
    ASSERT_TRUE(c.ok());
    auto tensors = qwen3_tensors();
    tensors.erase(tensors.begin() + 1);  // model.norm.weight
    auto missing = load(*c, safetensors(tensors, 0.5f));
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().find("missing tensor model.norm.weight"), std::string::npos);
    tensors = qwen3_tensors();
    tensors[2].second = {12, 9};
    auto shape = load(*c, safetensors(tensors, 0.5f));
    ASSERT_FALSE(shape.ok());
    EXPECT_NE(shape.error().find("q_proj.weight has shape [12, 9] where config.json implies [12, 8]"), std::string::npos);
    auto nan = load(*c, safetensors(qwen3_tensors(), std::numeric_limits<float>::quiet_NaN()));
    ASSERT_FALSE(nan.ok());
    EXPECT_NE(nan.error().find("non-finite"), std::string::npos);
    auto cut = safetensors(qwen3_tensors(), 0.5f);
    cut.resize(cut.size() - 200);  // into k_norm (lm_head, last, is not read)
    EXPECT_FALSE(load(*c, cut).ok());
}

TEST(BertVocabTokenizer, FramesWithClsSep) {
    auto spec = bert_vocab_tokenizer("[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n##s\n", "");
    ASSERT_TRUE(spec.ok()) << spec.error();
    EXPECT_EQ(spec->post.before, std::vector<uint32_t>{2});
    EXPECT_EQ(spec->post.after, std::vector<uint32_t>{3});
    EXPECT_FALSE(bert_vocab_tokenizer("a\nb\n", "").ok());  // no [UNK]/[CLS]/[SEP]
}

}  // namespace
}  // namespace embx
