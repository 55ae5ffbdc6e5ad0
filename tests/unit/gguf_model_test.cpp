// GGUF models for the Context tab: a tiny Llama file built here (llama.cpp names, metadata,
// q/k rows in llama.cpp's per-head order, a Q8_0 matrix) opened through the same loader as a
// folder, chunk by chunk; tokenizers from tokenizer.ggml.*; refusals that name the problem.
// (Against torch on real shapes: tests/integration/hidden_reference.sh with write_gguf.py.)
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "core/half.hpp"
#include "core/tokenizer/tokenizer.hpp"
#include "formats/byte_order.hpp"
#include "formats/gguf_model.hpp"
#include "formats/gguf_tokenizer.hpp"
#include "formats/transformer_folder.hpp"
#include "llm_fixtures.hpp"

namespace embx {
namespace {

using test::GgufFile;
using test::GgufKv;
using test::kv_string;
using test::kv_u32;
namespace gt = test::gguf_type;
namespace mt = test::ggml_type;

constexpr uint32_t kHidden = 8, kHeads = 2, kKvHeads = 1, kHeadDim = 4, kFfn = 32, kVocab = 3;

std::vector<uint8_t> f32_data(const std::vector<float>& v) {
    std::vector<uint8_t> out(v.size() * 4);
    for (size_t i = 0; i < v.size(); ++i) store_le<float>(out.data() + 4 * i, v[i]);
    return out;
}

// rows x cols where every value of row r is `base + r`: a row's values say where it came from.
std::vector<float> numbered_rows(size_t rows, size_t cols, float base) {
    std::vector<float> v(rows * cols);
    for (size_t r = 0; r < rows; ++r)
        for (size_t c = 0; c < cols; ++c) v[r * cols + c] = base + float(r);
    return v;
}

// Q8_0 rows: per block of 32 an f16 scale of 0.5 and the values q = (row + 1) * (i % 5 - 2).
std::vector<uint8_t> q8_0_rows(size_t rows, size_t cols) {
    std::vector<uint8_t> out;
    for (size_t r = 0; r < rows; ++r)
        for (size_t b = 0; b < cols / 32; ++b) {
            const uint16_t half = f32_to_f16(0.5f);
            out.push_back(uint8_t(half & 0xFF));
            out.push_back(uint8_t(half >> 8));
            for (size_t i = 0; i < 32; ++i) out.push_back(uint8_t(int8_t(int(r + 1) * (int(i % 5) - 2))));
        }
    return out;
}

GgufKv kv_bool(const std::string& k, bool v) { return {k, gt::BOOL, {uint8_t(v)}}; }
GgufKv kv_i32s(const std::string& k, const std::vector<int32_t>& v) {
    GgufKv kv{k, gt::ARRAY, {}};
    test::put_u32(kv.value, 5);  // i32
    test::put_u64(kv.value, v.size());
    for (int32_t x : v) test::put_u32(kv.value, uint32_t(x));
    return kv;
}

GgufFile tiny_llama() {
    GgufFile f;
    f.kvs = {kv_string("general.architecture", "llama"), kv_u32("llama.block_count", 1),
             kv_u32("llama.embedding_length", kHidden),  kv_u32("llama.feed_forward_length", kFfn),
             kv_u32("llama.attention.head_count", kHeads), kv_u32("llama.attention.head_count_kv", kKvHeads),
             kv_u32("llama.context_length", 64),         test::kv_f32("llama.rope.freq_base", 10000.0f),
             test::kv_f32("llama.attention.layer_norm_rms_epsilon", 1e-5f)};
    const auto t = [&](const std::string& name, std::vector<uint64_t> dims, uint32_t type, std::vector<uint8_t> data) {
        f.tensors.push_back({name, std::move(dims), type, std::move(data)});
    };
    const auto ones = [](size_t n) { return f32_data(std::vector<float>(n, 1.0f)); };
    t("token_embd.weight", {kHidden, kVocab}, mt::F32, f32_data(numbered_rows(kVocab, kHidden, 0.1f)));
    t("output.weight", {kHidden, kVocab}, mt::F32, f32_data(numbered_rows(kVocab, kHidden, 9)));  // lm_head: not read
    t("blk.0.attn_norm.weight", {kHidden}, mt::F32, ones(kHidden));
    t("blk.0.attn_q.weight", {kHidden, kHeads * kHeadDim}, mt::F32, f32_data(numbered_rows(kHeads * kHeadDim, kHidden, 0)));
    t("blk.0.attn_k.weight", {kHidden, kKvHeads * kHeadDim}, mt::F32, f32_data(numbered_rows(kKvHeads * kHeadDim, kHidden, 100)));
    t("blk.0.attn_v.weight", {kHidden, kKvHeads * kHeadDim}, mt::F32, f32_data(numbered_rows(kKvHeads * kHeadDim, kHidden, 200)));
    t("blk.0.attn_output.weight", {kHeads * kHeadDim, kHidden}, mt::F32, f32_data(numbered_rows(kHidden, kHeads * kHeadDim, 300)));
    t("blk.0.ffn_norm.weight", {kHidden}, mt::F32, ones(kHidden));
    t("blk.0.ffn_gate.weight", {kHidden, kFfn}, mt::F32, f32_data(numbered_rows(kFfn, kHidden, 400)));
    t("blk.0.ffn_up.weight", {kHidden, kFfn}, mt::F32, f32_data(numbered_rows(kFfn, kHidden, 500)));
    t("blk.0.ffn_down.weight", {kFfn, kHidden}, mt::Q8_0, q8_0_rows(kHidden, kFfn));
    t("output_norm.weight", {kHidden}, mt::F32, ones(kHidden));
    return f;
}

// The file opened as the page opens it: one request at a time, answered from memory. Every
// byte is asked for at most once, in file order (one forward stream from a server without Range).
Expected<std::shared_ptr<TransformerModel>> open(const std::vector<uint8_t>& bytes, bool int8, size_t* reads = nullptr) {
    TransformerFolderLoader loader("tiny.gguf", {{"tiny.gguf", bytes.size()}}, int8);
    uint64_t next_new = 0;  // the first byte not asked for yet
    while (auto r = loader.next()) {
        EXPECT_EQ(r->file, "tiny.gguf");
        EXPECT_GE(r->offset, next_new) << "bytes asked for again (or backwards)";
        next_new = r->offset + r->length;
        const size_t n = r->offset < bytes.size() ? std::min<size_t>(size_t(r->length), bytes.size() - size_t(r->offset)) : 0;
        (void)loader.deliver(bytes.data() + r->offset, n);
        if (reads) ++*reads;
    }
    return loader.take();
}

TEST(GgufModel, ALlamaFileOpensWithItsQKRowsBackInHuggingFaceOrder) {
    auto m = open(tiny_llama().bytes(), false);
    ASSERT_TRUE(m.ok()) << m.error();
    const TransformerConfig& c = (*m)->config;
    EXPECT_EQ(c.arch, Architecture::Llama);
    EXPECT_EQ(c.hidden, kHidden);
    EXPECT_EQ(c.heads, kHeads);
    EXPECT_EQ(c.kv_heads, kKvHeads);
    EXPECT_EQ(c.vocab, kVocab);
    EXPECT_EQ(c.max_positions, 64u);
    EXPECT_FALSE((*m)->tokenizer.has_value());
    const DecoderLayerWeights& L = (*m)->weights.decoder_layers.at(0);
    std::vector<float> row(kHidden);
    // Hugging Face row h*d + j*d/2 + i is llama.cpp's row h*d + 2i + j (d = 4: 0 2 1 3 | 4 6 5 7).
    const int q_from[] = {0, 2, 1, 3, 4, 6, 5, 7};
    for (size_t r = 0; r < kHeads * kHeadDim; ++r) {
        L.q.row(r, row.data());
        EXPECT_EQ(row[0], float(q_from[r])) << "q row " << r;
    }
    for (size_t r = 0; r < kKvHeads * kHeadDim; ++r) {
        L.k.row(r, row.data());
        EXPECT_EQ(row[0], 100.0f + float(q_from[r])) << "k row " << r;
        L.v.row(r, row.data());
        EXPECT_EQ(row[0], 200.0f + float(r)) << "v rows stay in order";
    }
    // Q8_0: 0.5 * q for each value.
    std::vector<float> down(kFfn);
    L.down.row(2, down.data());
    for (size_t i = 0; i < kFfn; ++i) EXPECT_EQ(down[i], 0.5f * float(3 * (int(i % 5) - 2))) << i;
}

TEST(GgufModel, AHeaderOfSeveralMegabytesIsReadInChunks) {
    GgufFile f = tiny_llama();
    // A big metadata value (a chat template) makes the header span several 1 MB requests.
    f.kvs.push_back(kv_string("tokenizer.chat_template", std::string(3u << 20, 'x')));
    size_t reads = 0;
    auto m = open(f.bytes(), true, &reads);
    ASSERT_TRUE(m.ok()) << m.error();
    EXPECT_GE(reads, 4u);
    EXPECT_TRUE((*m)->weights.decoder_layers.at(0).q.quantized());
}

TEST(GgufModel, RefusalsNameTheProblem) {
    const auto error_of = [](const GgufFile& f) {
        auto m = open(f.bytes(), false);
        return m.ok() ? std::string("opened") : m.error();
    };
    GgufFile arch = tiny_llama();
    arch.kvs[0] = kv_string("general.architecture", "gpt2");
    EXPECT_NE(error_of(arch).find("general.architecture \"gpt2\" is not one we run"), std::string::npos) << error_of(arch);

    GgufFile missing = tiny_llama();
    missing.tensors.pop_back();  // output_norm.weight
    EXPECT_NE(error_of(missing).find("missing tensor output_norm.weight (Hugging Face's model.norm.weight)"), std::string::npos)
        << error_of(missing);

    GgufFile quantized = tiny_llama();
    quantized.tensors[3].type = mt::Q4_K;  // attn_q: rows of 8 values are not Q4_K blocks of 256
    EXPECT_NE(error_of(quantized).find("not whole Q4_K blocks"), std::string::npos) << error_of(quantized);

    GgufFile scaled = tiny_llama();
    scaled.kvs.push_back(kv_string("llama.rope.scaling.type", "yarn"));
    EXPECT_NE(error_of(scaled).find("rope_scaling"), std::string::npos) << error_of(scaled);

    // Metadata text that is not UTF-8 reaches the config as replacement characters (building the
    // config's JSON threw on it before, which ended the program).
    GgufFile bad_text = tiny_llama();
    bad_text.kvs.push_back(kv_string("llama.rope.scaling.type", "ya\xFFrn"));
    EXPECT_NE(error_of(bad_text).find("rope_scaling"), std::string::npos) << error_of(bad_text);

    GgufFile shape = tiny_llama();
    shape.kvs[3] = kv_u32("llama.feed_forward_length", 64);
    EXPECT_NE(error_of(shape).find("has shape"), std::string::npos) << error_of(shape);

    const std::vector<uint8_t> whole = tiny_llama().bytes();
    const std::vector<uint8_t> cut(whole.begin(), whole.end() - 40);
    auto m = open(cut, false);
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.error().find("runs past the end of the file"), std::string::npos) << m.error();
}

// A byte-level BPE tokenizer as llama.cpp writes one: tokens, merges, token types, pre.
GgufFile with_bpe_tokenizer(const std::string& pre) {
    GgufFile f = tiny_llama();
    const std::string G = "\xC4\xA0";  // byte-level space
    std::vector<std::string> tokens = {"a", "b", G, G + "a", "ab", "<|bos|>", "<tool>"};
    f.kvs.push_back(kv_string("tokenizer.ggml.model", "gpt2"));
    f.kvs.push_back(kv_string("tokenizer.ggml.pre", pre));
    f.kvs.push_back(test::kv_strings("tokenizer.ggml.tokens", tokens));
    f.kvs.push_back(test::kv_strings("tokenizer.ggml.merges", {"a b", G + " a"}));
    f.kvs.push_back(kv_i32s("tokenizer.ggml.token_type", {1, 1, 1, 1, 1, 3, 4}));
    f.kvs.push_back(kv_u32("tokenizer.ggml.bos_token_id", 5));
    f.kvs.push_back(kv_bool("tokenizer.ggml.add_bos_token", true));
    return f;
}

TEST(GgufModel, ATokenizerFromTokenizerGgml) {
    auto m = open(with_bpe_tokenizer("qwen2").bytes(), false);
    ASSERT_TRUE(m.ok()) << m.error();
    ASSERT_TRUE((*m)->tokenizer.has_value());
    const Tokenizer& t = *(*m)->tokenizer;
    EXPECT_EQ(t.encode_ids("ab a<tool>", true), (std::vector<uint32_t>{5, 4, 3, 6}));
    EXPECT_EQ(t.encode_ids("ab a<|bos|>", false), (std::vector<uint32_t>{4, 3, 5}));

    // An unknown pre-tokenizer: the model still runs ids, and the note says why there is no tokenizer.
    auto unknown = open(with_bpe_tokenizer("falcon").bytes(), false);
    ASSERT_TRUE(unknown.ok()) << unknown.error();
    EXPECT_FALSE((*unknown)->tokenizer.has_value());
    ASSERT_FALSE((*unknown)->notes.empty());
    EXPECT_NE((*unknown)->notes[0].find("tokenizer.ggml.pre \"falcon\""), std::string::npos) << (*unknown)->notes[0];

    GgufFile bad_merge = with_bpe_tokenizer("qwen2");
    bad_merge.kvs[bad_merge.kvs.size() - 4] = test::kv_strings("tokenizer.ggml.merges", {"ab"});
    auto bm = open(bad_merge.bytes(), false);
    ASSERT_TRUE(bm.ok()) << bm.error();
    ASSERT_FALSE((*bm)->notes.empty());
    EXPECT_NE((*bm)->notes[0].find("merges entry 0 (\"ab\") is not two tokens and a space"), std::string::npos) << (*bm)->notes[0];

    GgufFile bad_bos = with_bpe_tokenizer("qwen2");
    bad_bos.kvs[bad_bos.kvs.size() - 2] = kv_u32("tokenizer.ggml.bos_token_id", 70);
    auto bb = open(bad_bos.bytes(), false);
    ASSERT_TRUE(bb.ok()) << bb.error();
    ASSERT_FALSE((*bb)->notes.empty());
    EXPECT_NE((*bb)->notes[0].find("bos_token_id = 70 is not a token id"), std::string::npos) << (*bb)->notes[0];
}

TEST(GgufModel, BertPhantomSpaceVocabularyBecomesWordPiece) {
    GgufHeaderReader::Options o;
    keep_gguf_tokenizer_arrays(o);
    GgufFile f;
    const std::string M = "\xE2\x96\x81";
    f.kvs = {kv_string("tokenizer.ggml.model", "bert"),
             test::kv_strings("tokenizer.ggml.tokens", {"[PAD]", "[UNK]", "[CLS]", "[SEP]", M + "play", "ing", M + "the"}),
             kv_i32s("tokenizer.ggml.token_type", {3, 3, 3, 3, 1, 1, 1})};
    const std::vector<uint8_t> bytes = f.bytes();
    GgufHeaderReader h("bert.gguf", bytes.size(), o);
    auto used = h.feed(bytes.data(), bytes.size());
    ASSERT_TRUE(used.ok()) << used.error();
    ASSERT_TRUE(h.done());
    auto spec = gguf_tokenizer_spec(h);
    ASSERT_TRUE(spec.ok()) << spec.error();
    auto t = Tokenizer::create(std::move(*spec));
    ASSERT_TRUE(t.ok()) << t.error();
    EXPECT_EQ(t->token(5), "##ing");
    EXPECT_EQ(t->encode_ids("The Playing", true), (std::vector<uint32_t>{2, 6, 4, 5, 3}));  // lower-cased
}

TEST(GgufModel, HuggingFaceNamesAndLlamaCppNames) {
    EXPECT_EQ(gguf_tensor_name("model.layers.3.mlp.up_proj.weight", Architecture::Qwen2), "blk.3.ffn_up.weight");
    EXPECT_EQ(gguf_tensor_name("model.layers.12.self_attn.k_norm.weight", Architecture::Qwen3), "blk.12.attn_k_norm.weight");
    EXPECT_EQ(gguf_tensor_name("model.embed_tokens.weight", Architecture::Llama), "token_embd.weight");
    EXPECT_EQ(gguf_tensor_name("encoder.layer.0.output.LayerNorm.bias", Architecture::Bert), "blk.0.layer_output_norm.bias");
    EXPECT_EQ(gguf_tensor_name("embeddings.token_type_embeddings.weight", Architecture::Bert), "token_types.weight");
    EXPECT_EQ(gguf_tensor_name("lm_head.weight", Architecture::Llama), "");
    EXPECT_EQ(gguf_tensor_name("model.layers.x", Architecture::Llama), "");
}

}  // namespace
}  // namespace embx
