// formats/transformer_folder: a model folder opened through byte requests (as the page and the
// CLI do), matrices read in row chunks, the memory limit, pooling and tokenizer handling.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <cmath>
#include <tuple>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "app/context_runner.hpp"
#include "core/transformer/forward_pass.hpp"
#include "core/transformer/hidden_analysis.hpp"
#include "formats/hf_config.hpp"
#include "formats/model_weights.hpp"
#include "formats/transformer_folder.hpp"
#include "fixtures.hpp"
#include "safetensors_fixtures.hpp"

namespace embx {
namespace {

const char* kQwen3 = R"({"model_type": "qwen3", "hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2,
  "num_key_value_heads": 1, "head_dim": 6, "intermediate_size": 4, "vocab_size": 5, "rms_norm_eps": 1e-6,
  "max_position_embeddings": 32})";

test::TensorList qwen3_tensors(size_t layers) {
    test::TensorList t = {{"model.embed_tokens.weight", {5, 8}}, {"model.norm.weight", {8}}};
    for (size_t l = 0; l < layers; ++l) {
        const std::string p = "model.layers." + std::to_string(l) + ".";
        for (auto [n, r, c] : std::vector<std::tuple<const char*, uint64_t, uint64_t>>{
                 {"self_attn.q_proj.weight", 12, 8}, {"self_attn.k_proj.weight", 6, 8}, {"self_attn.v_proj.weight", 6, 8},
                 {"self_attn.o_proj.weight", 8, 12}, {"mlp.gate_proj.weight", 4, 8},    {"mlp.up_proj.weight", 4, 8},
                 {"mlp.down_proj.weight", 8, 4}})
            t.push_back({p + n, {r, c}});
        for (const char* n : {"input_layernorm.weight", "post_attention_layernorm.weight"}) t.push_back({p + n, {8}});
        for (const char* n : {"self_attn.q_norm.weight", "self_attn.k_norm.weight"}) t.push_back({p + n, {6}});
    }
    return t;
}

using Folder = std::map<std::string, std::string>;  // path -> bytes

std::string as_string(const std::vector<uint8_t>& v) { return std::string(v.begin(), v.end()); }

Folder qwen3_folder() {
    return {{"config.json", kQwen3}, {"model.safetensors", as_string(test::safetensors_image(qwen3_tensors(2), test::hashed_value))}};
}

// Opens the folder as the page does: the loader asks, we answer from memory. `reads` counts them.
Expected<std::shared_ptr<TransformerModel>> open(const Folder& folder, bool int8, uint64_t limit = 0, size_t* reads = nullptr) {
    std::vector<FolderFile> files;
    for (const auto& [path, bytes] : folder) files.push_back({"m/" + path, bytes.size()});
    TransformerFolderLoader loader("m", files, int8);
    loader.set_memory_limit(limit);
    while (auto r = loader.next()) {
        const std::string& bytes = folder.at(r->file.substr(2));
        const size_t n = r->offset < bytes.size() ? std::min<size_t>(size_t(r->length), bytes.size() - size_t(r->offset)) : 0;
        (void)loader.deliver(reinterpret_cast<const uint8_t*>(bytes.data()) + r->offset, n);
        if (reads) ++*reads;
    }
    return loader.take();
}

TEST(TransformerFolder, OpensAQwen3FolderWithoutATokenizer) {
    auto m = open(qwen3_folder(), false);
    ASSERT_TRUE(m.ok()) << m.error();
    EXPECT_EQ((*m)->config.arch, Architecture::Qwen3);
    EXPECT_EQ((*m)->weights.decoder_layers.size(), 2u);
    EXPECT_FALSE((*m)->tokenizer);
    EXPECT_FALSE(model_text_ids(**m, "hello", nullptr).ok());
    EXPECT_EQ((*m)->weight_bytes(), transformer_weight_bytes((*m)->config, false));
}

TEST(TransformerFolder, WeightBytesCountWhatIsHeld) {
    auto m = open(qwen3_folder(), true);
    ASSERT_TRUE(m.ok()) << m.error();
    const TransformerWeights& w = (*m)->weights;
    uint64_t held = w.word_embeddings.bytes() + 4 * w.final_norm.size();
    for (const auto& L : w.decoder_layers) {
        for (const Matrix* x : {&L.q, &L.k, &L.v, &L.o, &L.gate, &L.up, &L.down}) held += x->bytes();
        for (const Vec* v : {&L.input_norm, &L.post_norm, &L.q_norm, &L.k_norm}) held += 4 * v->size();
    }
    EXPECT_EQ(held, transformer_weight_bytes((*m)->config, true));
}

TEST(TransformerFolder, RefusesAModelBiggerThanTheLimitFromItsConfig) {
    size_t reads = 0;
    auto m = open(qwen3_folder(), false, 1000, &reads);
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.error().find("needs"), std::string::npos) << m.error();
    EXPECT_NE(m.error().find("Load it as int8"), std::string::npos) << m.error();
    EXPECT_EQ(reads, 1u);  // config.json only: no weight byte was read
}

TEST(TransformerFolder, RefusesAConfigDescribingMoreWeightsThanTheFilesHold) {
    // No memory limit (the CLI's case): a config.json of 1024 layers beside a 2-layer file used
    // to reach a vector of 1024 layers sized from the config before any tensor was checked.
    Folder f = qwen3_folder();
    f["config.json"] = R"({"model_type": "qwen3", "hidden_size": 4096, "num_hidden_layers": 1024, "num_attention_heads": 32,
        "num_key_value_heads": 8, "head_dim": 128, "intermediate_size": 14336, "vocab_size": 151936})";
    size_t reads = 0;
    auto m = open(f, false, 0, &reads);
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.error().find("the config describes a qwen3 model of"), std::string::npos) << m.error();
    EXPECT_NE(m.error().find("do not belong together"), std::string::npos) << m.error();
    EXPECT_EQ(reads, 1u);  // config.json only
}

// The weights are read from the start of the file to its end (a forward stream in the page),
// not tensor by tensor in the model's order.
TEST(TransformerFolder, ReadsTheWeightsInFileOrder) {
    test::TensorList tensors = qwen3_tensors(2);
    std::reverse(tensors.begin(), tensors.end());  // the file's order is not the model's
    const Folder f = {{"config.json", kQwen3},
                      {"model.safetensors", as_string(test::safetensors_image(tensors, test::hashed_value))}};
    TransformerFolderLoader loader("m", {{"config.json", f.at("config.json").size()},
                                         {"model.safetensors", f.at("model.safetensors").size()}}, false);
    std::vector<uint64_t> offsets;
    while (auto r = loader.next()) {
        const std::string& bytes = f.at(r->file);
        if (r->file == "model.safetensors" && r->offset >= 8) offsets.push_back(r->offset);
        (void)loader.deliver(reinterpret_cast<const uint8_t*>(bytes.data()) + r->offset, size_t(r->length));
    }
    ASSERT_TRUE(loader.take().ok());
    ASSERT_GT(offsets.size(), 10u);
    EXPECT_TRUE(std::is_sorted(offsets.begin(), offsets.end()));
}

TEST(TransformerFolder, SaysWhatIsMissing) {
    Folder f = qwen3_folder();
    f.erase("config.json");
    auto no_config = open(f, false);
    ASSERT_FALSE(no_config.ok());
    EXPECT_NE(no_config.error().find("config.json"), std::string::npos);
    f = qwen3_folder();
    f["config.json"] = R"({"model_type": "t5"})";
    auto t5 = open(f, false);
    ASSERT_FALSE(t5.ok());
    EXPECT_NE(t5.error().find("t5"), std::string::npos);
    f = qwen3_folder();
    f["model.safetensors"].resize(f["model.safetensors"].size() - 10);
    EXPECT_FALSE(open(f, false).ok());
}

TEST(TransformerFolder, ReadsPoolingAndNormalizeOfSentenceTransformers) {
    Folder f = qwen3_folder();
    f["modules.json"] = "[]";
    f["1_Pooling/config.json"] = R"({"pooling_mode_cls_token": true, "pooling_mode_mean_tokens": false})";
    f["2_Normalize/.keep"] = "";
    auto m = open(f, false);
    ASSERT_TRUE(m.ok()) << m.error();
    EXPECT_TRUE((*m)->sentence_transformers());
    EXPECT_EQ((*m)->pooling, Pooling::Cls);
    EXPECT_TRUE((*m)->normalize);
    // The Normalize module's folder is usually empty (nothing of it arrives from a dropped or
    // served folder): modules.json alone says so; a list that isn't one is a note.
    f.erase("2_Normalize/.keep");
    f["modules.json"] = R"([{"idx": 0, "path": "", "type": "sentence_transformers.models.Transformer"},
                           {"idx": 2, "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}])";
    auto listed = open(f, false);
    ASSERT_TRUE(listed.ok()) << listed.error();
    EXPECT_TRUE((*listed)->normalize);
    f["modules.json"] = R"([{"idx": 0, "path": "", "type": "sentence_transformers.models.Transformer"}])";
    auto plain = open(f, false);
    ASSERT_TRUE(plain.ok()) << plain.error();
    EXPECT_FALSE((*plain)->normalize);
    f["modules.json"] = "{not json";
    auto broken = open(f, false);
    ASSERT_TRUE(broken.ok()) << broken.error();
    EXPECT_FALSE((*broken)->normalize);
    EXPECT_NE(std::find_if((*broken)->notes.begin(), (*broken)->notes.end(),
                           [](const std::string& n) { return n.find("modules.json") != std::string::npos; }),
              (*broken)->notes.end());
    f["1_Pooling/config.json"] = R"({"pooling_mode_weightedmean_tokens": true})";
    auto bad = open(f, false);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().find("pooling"), std::string::npos);
}

TEST(TransformerFolder, BertVocabTxtGivesATokenizer) {
    const char* bert = R"({"model_type": "bert", "hidden_size": 4, "num_hidden_layers": 1, "num_attention_heads": 2,
      "intermediate_size": 8, "vocab_size": 7, "max_position_embeddings": 8, "type_vocab_size": 2})";
    test::TensorList t = {{"embeddings.word_embeddings.weight", {7, 4}}, {"embeddings.position_embeddings.weight", {8, 4}},
                          {"embeddings.token_type_embeddings.weight", {2, 4}}, {"embeddings.LayerNorm.weight", {4}},
                          {"embeddings.LayerNorm.bias", {4}}};
    const std::string p = "encoder.layer.0.";
    for (auto [n, r, c] : std::vector<std::tuple<const char*, uint64_t, uint64_t>>{
             {"attention.self.query", 4, 4}, {"attention.self.key", 4, 4}, {"attention.self.value", 4, 4},
             {"attention.output.dense", 4, 4}, {"intermediate.dense", 8, 4}, {"output.dense", 4, 8}}) {
        t.push_back({p + n + ".weight", {r, c}});
        t.push_back({p + n + ".bias", {r}});
    }
    for (const char* n : {"attention.output.LayerNorm", "output.LayerNorm"}) {
        t.push_back({p + n + ".weight", {4}});
        t.push_back({p + n + ".bias", {4}});
    }
    Folder f = {{"config.json", bert},
                {"model.safetensors", as_string(test::safetensors_image(t, test::hashed_value))},
                {"vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\nriver\nbank\n##s\n"}};
    auto m = open(f, false);
    ASSERT_TRUE(m.ok()) << m.error();
    ASSERT_TRUE((*m)->tokenizer);
    auto ids = model_text_ids(**m, "river banks", nullptr);
    ASSERT_TRUE(ids.ok()) << ids.error();
    EXPECT_EQ(*ids, (std::vector<uint32_t>{2, 4, 5, 6, 3}));
    std::string note;
    auto longer = model_text_ids(**m, "river river river river river river river river", &note);
    ASSERT_TRUE(longer.ok());
    EXPECT_EQ(longer->size(), 8u);  // max_position_embeddings, [CLS] and [SEP] kept
    EXPECT_EQ(longer->back(), 3u);
    EXPECT_NE(note.find("truncated"), std::string::npos);
}

// Matrices arrive in row chunks of at most WeightsLoader::kChunkBytes; the values land in the
// right rows and a NaN is reported at its element in the whole tensor.
TEST(ModelWeights, ReadsBigMatricesInRowChunks) {
    const uint64_t cols = 1024, rows = WeightsLoader::kChunkBytes / (4 * cols) * 2 + 3;  // two chunks and a bit
    const std::string cfg = R"({"model_type": "qwen3", "hidden_size": 1024, "num_hidden_layers": 1, "num_attention_heads": 2,
      "num_key_value_heads": 1, "head_dim": 6, "intermediate_size": 4, "vocab_size": )" + std::to_string(rows) + "}";
    auto c = parse_hf_config(cfg);
    ASSERT_TRUE(c.ok()) << c.error();
    c->layers = 0;  // just the embedding matrix and the final norm
    const test::TensorList t = {{"model.embed_tokens.weight", {rows, cols}}, {"model.norm.weight", {cols}}};
    const auto image = test::safetensors_image(t, [](size_t i) { return float(i % 1000) / 1000.0f; });
    WeightsLoader loader(*c, {{"model.safetensors", image.size()}}, false);
    size_t chunks = 0;
    for (auto reqs = loader.requests(); !reqs.empty(); reqs = loader.requests())
        for (const ByteRequest& r : reqs) {
            EXPECT_LE(r.length, std::max<uint64_t>(WeightsLoader::kChunkBytes, 4 * cols));
            if (r.length == WeightsLoader::kChunkBytes) ++chunks;
            ASSERT_TRUE(loader.deliver(r, image.data() + r.offset, size_t(r.length)).ok());
        }
    EXPECT_GE(chunks, 2u);
    auto w = loader.finish();
    ASSERT_TRUE(w.ok()) << w.error();
    std::vector<float> row(cols);
    w->word_embeddings.row(rows - 1, row.data());
    EXPECT_FLOAT_EQ(row[5], float(((rows - 1) * cols + 5) % 1000) / 1000.0f);

    const size_t bad = size_t(rows - 2) * cols + 7;
    const auto nan_image = test::safetensors_image(
        t, [&](size_t i) { return i == bad ? std::numeric_limits<float>::quiet_NaN() : 0.25f; });
    WeightsLoader nan_loader(*c, {{"model.safetensors", nan_image.size()}}, true);
    Status last = Status::success();
    for (auto reqs = nan_loader.requests(); !reqs.empty() && last.ok(); reqs = nan_loader.requests())
        for (const ByteRequest& r : reqs)
            if (last = nan_loader.deliver(r, nan_image.data() + r.offset, size_t(r.length)); !last.ok()) break;
    ASSERT_FALSE(last.ok());
    EXPECT_NE(last.error().find("at element " + std::to_string(bad)), std::string::npos) << last.error();
}

// The stepped forward pass, the Context tab's runner (thread or slices) and its analysis, on
// the folder's model: every path gives run_transformer's numbers.
TEST(ForwardPass, StepsGiveTheWholeRunAndTheRunnerToo) {
    auto m = open(qwen3_folder(), false);
    ASSERT_TRUE(m.ok()) << m.error();
    const std::vector<uint32_t> ids{1, 4, 2};
    auto whole = run_transformer((*m)->config, (*m)->weights, ids, true);
    ASSERT_TRUE(whole.ok()) << whole.error();
    ASSERT_EQ(whole->layers.size(), 3u);
    ASSERT_EQ(whole->attentions.size(), 2u);
    ForwardPass pass((*m)->config, (*m)->weights, ids);
    EXPECT_EQ(pass.steps_total(), 3u);
    while (!pass.done()) pass.step();
    EXPECT_EQ(pass.take().layers, whole->layers);
    {
        app::ContextRunner runner(*m, {ids, {0, 3}}, true, false);  // in the foreground, layer slices
        while (!runner.done()) runner.pump(5);
        EXPECT_EQ(runner.error(), "");
        EXPECT_DOUBLE_EQ(runner.fraction(), 1.0);
        auto out = runner.take();
        ASSERT_EQ(out.size(), 2u);
        EXPECT_EQ(out[0].layers, whole->layers);
        EXPECT_EQ(out[0].attentions, whole->attentions);
        EXPECT_EQ(out[1].tokens, 2u);
    }
    app::ContextRunner bad(*m, {{9}}, false, false);  // id 9 is past the 5 rows
    while (!bad.done()) bad.pump(5);
    EXPECT_NE(bad.error().find("past the vocabulary"), std::string::npos) << bad.error();
}

// On a thread of its own, and with the matrix rows split over two threads: the same numbers,
// bit for bit (f32 and int8; matrices big enough to be split).
TEST(ForwardPass, ThreadsGiveTheSameNumbers) {
    if (!test::threads_available()) GTEST_SKIP() << "no threads in this build";
    auto m = open(qwen3_folder(), false);
    ASSERT_TRUE(m.ok()) << m.error();
    const std::vector<uint32_t> ids{1, 4, 2};
    auto whole = run_transformer((*m)->config, (*m)->weights, ids, true);
    ASSERT_TRUE(whole.ok());
    app::ContextRunner runner(*m, {ids}, true, true);
    while (!runner.done()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    auto out = runner.take();
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].layers, whole->layers);
    const std::string big = R"({"model_type": "qwen2", "hidden_size": 256, "num_hidden_layers": 1, "num_attention_heads": 4,
      "num_key_value_heads": 2, "intermediate_size": 512, "vocab_size": 50})";
    test::TensorList bt = {{"model.embed_tokens.weight", {50, 256}}, {"model.norm.weight", {256}}};
    for (auto [n, r, c] : std::vector<std::tuple<const char*, uint64_t, uint64_t>>{
             {"q_proj", 256, 256}, {"k_proj", 128, 256}, {"v_proj", 128, 256}, {"o_proj", 256, 256}})
        bt.push_back({std::string("model.layers.0.self_attn.") + n + ".weight", {r, c}});
    for (auto [n, r] : std::vector<std::pair<const char*, uint64_t>>{{"q_proj", 256}, {"k_proj", 128}, {"v_proj", 128}})
        bt.push_back({std::string("model.layers.0.self_attn.") + n + ".bias", {r}});
    for (auto [n, r, c] : std::vector<std::tuple<const char*, uint64_t, uint64_t>>{
             {"gate_proj", 512, 256}, {"up_proj", 512, 256}, {"down_proj", 256, 512}})
        bt.push_back({std::string("model.layers.0.mlp.") + n + ".weight", {r, c}});
    for (const char* n : {"input_layernorm.weight", "post_attention_layernorm.weight"})
        bt.push_back({std::string("model.layers.0.") + n, {256}});
    const Folder bf = {{"config.json", big}, {"model.safetensors", as_string(test::safetensors_image(bt, test::hashed_value))}};
    ScanPool two(2);
    for (bool int8 : {false, true}) {
        auto bm = open(bf, int8);
        ASSERT_TRUE(bm.ok()) << bm.error();
        std::vector<uint32_t> many;
        for (uint32_t i = 0; i < 40; ++i) many.push_back(i % 50);
        auto one = run_transformer((*bm)->config, (*bm)->weights, many);
        auto split = run_transformer((*bm)->config, (*bm)->weights, many, false, &two);
        ASSERT_TRUE(one.ok() && split.ok());
        EXPECT_EQ(one->layers, split->layers) << (int8 ? "int8" : "f32");
    }
}

TEST(HiddenAnalysis, CosinesHeatAndNearestRows) {
    auto m = open(qwen3_folder(), false);
    ASSERT_TRUE(m.ok()) << m.error();
    auto hs = run_transformer((*m)->config, (*m)->weights, {1, 4, 2});
    ASSERT_TRUE(hs.ok());
    const auto same = layer_cosines(*hs, 1, *hs, 1);
    ASSERT_EQ(same.size(), 3u);
    for (double c : same) EXPECT_NEAR(c, 1.0, 1e-6);
    // Layer 0 of a decoder is the embedding row itself: its nearest row is its own id.
    const Matrix& e = (*m)->weights.word_embeddings;
    const auto norms = row_norms(e);
    const auto near = nearest_rows(e, norms, hs->layers[0].data() + 1 * hs->hidden, 3);
    ASSERT_EQ(near.size(), 3u);
    EXPECT_EQ(near[0].id, 4u);
    EXPECT_NEAR(near[0].score, 1.0, 1e-5);
    EXPECT_GE(near[0].score, near[1].score);
    const auto heat = token_cosines(*hs, 2);
    ASSERT_EQ(heat.size(), 9u);
    EXPECT_NEAR(heat[4], 1.0f, 1e-5f);
    EXPECT_FLOAT_EQ(heat[1], heat[3]);
    // Pooling modes over the last layer.
    const auto cls = pool(*hs, Pooling::Cls, false), last = pool(*hs, Pooling::LastToken, false);
    const auto mx = pool(*hs, Pooling::Max, false), mean = pool(*hs, Pooling::Mean, true);
    const float* L = hs->layers.back().data();
    EXPECT_FLOAT_EQ(cls[3], L[3]);
    EXPECT_FLOAT_EQ(last[3], L[2 * 8 + 3]);
    EXPECT_FLOAT_EQ(mx[3], std::max({L[3], L[8 + 3], L[16 + 3]}));
    double n = 0;
    for (float x : mean) n += double(x) * x;
    EXPECT_NEAR(n, 1.0, 1e-6);
}

}  // namespace
}  // namespace embx
