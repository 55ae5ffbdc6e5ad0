// formats/packed_model: a model folder packed into one .embxm and read back through the same
// loader as a folder (as the page and the CLI do), in every dtype; broken headers and indexes.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "core/half.hpp"
#include "formats/byte_order.hpp"
#include "formats/embxm_layout.hpp"
#include "formats/packed_model.hpp"
#include "formats/transformer_folder.hpp"
#include "safetensors_fixtures.hpp"

namespace embx {
namespace {

const char* kLlama = R"({"model_type": "llama", "hidden_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2,
  "num_key_value_heads": 1, "intermediate_size": 6, "vocab_size": 7, "rms_norm_eps": 1e-6,
  "max_position_embeddings": 16})";

test::TensorList llama_tensors() {
    test::TensorList t = {{"model.embed_tokens.weight", {7, 8}}, {"model.norm.weight", {8}}};
    for (auto [n, r, c] : std::vector<std::tuple<const char*, uint64_t, uint64_t>>{
             {"self_attn.q_proj.weight", 8, 8}, {"self_attn.k_proj.weight", 4, 8}, {"self_attn.v_proj.weight", 4, 8},
             {"self_attn.o_proj.weight", 8, 8}, {"mlp.gate_proj.weight", 6, 8},    {"mlp.up_proj.weight", 6, 8},
             {"mlp.down_proj.weight", 8, 6}})
        t.push_back({std::string("model.layers.0.") + n, {r, c}});
    for (const char* n : {"input_layernorm.weight", "post_attention_layernorm.weight"})
        t.push_back({std::string("model.layers.0.") + n, {8}});
    t.push_back({"lm_head.weight", {7, 8}});  // not used: not packed
    return t;
}

using Files = std::map<std::string, std::string>;  // path -> bytes

Files llama_folder(const std::function<float(size_t)>& value = test::hashed_value) {
    const auto st = test::safetensors_image(llama_tensors(), value);
    return {{"config.json", kLlama}, {"model.safetensors", std::string(st.begin(), st.end())}};
}

struct Opened {
    Expected<std::shared_ptr<TransformerModel>> model;
    std::vector<ByteRequest> requests;
};

// Opens the files as the page does, answering the loader's requests from memory.
Opened open(const Files& files, bool int8, bool keep_text = false) {
    std::vector<FolderFile> list;
    for (const auto& [path, bytes] : files) list.push_back({path, bytes.size()});
    TransformerFolderLoader loader("m", list, int8);
    loader.keep_text_files(keep_text);
    std::vector<ByteRequest> requests;
    while (auto r = loader.next()) {
        requests.push_back(*r);
        const std::string& bytes = files.at(r->file);
        const size_t n = r->offset < bytes.size() ? std::min<size_t>(size_t(r->length), bytes.size() - size_t(r->offset)) : 0;
        (void)loader.deliver(reinterpret_cast<const uint8_t*>(bytes.data()) + r->offset, n);
    }
    return {loader.take(), requests};
}

Expected<std::string> pack(const Files& folder, PackedDtype dtype) {
    Opened o = open(folder, dtype == PackedDtype::I8, true);
    if (!o.model) return Error{o.model.error()};
    std::string out;
    const ByteSink sink = [&out](const uint8_t* p, size_t n) {
        out.append(reinterpret_cast<const char*>(p), n);
        return true;
    };
    if (Status s = write_packed_model(**o.model, dtype, sink); !s.ok()) return Error{s.error()};
    return out;
}

std::vector<float> values(const Matrix& m) {
    std::vector<float> out(m.rows * m.cols);
    for (size_t r = 0; r < m.rows; ++r) m.row(r, out.data() + r * m.cols);
    return out;
}

TEST(PackedModel, F32PackGivesTheFolderWeightsReadInOneForwardPass) {
    const Files folder = llama_folder();
    auto packed = pack(folder, PackedDtype::F32);
    ASSERT_TRUE(packed.ok()) << packed.error();
    Opened a = open(folder, false), b = open({{"llama.embxm", *packed}}, false, true);
    ASSERT_TRUE(a.model.ok()) << a.model.error();
    ASSERT_TRUE(b.model.ok()) << b.model.error();
    const TransformerWeights &wa = (*a.model)->weights, &wb = (*b.model)->weights;
    EXPECT_EQ(wa.word_embeddings.f32, wb.word_embeddings.f32);
    EXPECT_EQ(wa.final_norm, wb.final_norm);
    ASSERT_EQ(wb.decoder_layers.size(), 1u);
    EXPECT_EQ(wa.decoder_layers[0].down.f32, wb.decoder_layers[0].down.f32);
    EXPECT_EQ(wa.decoder_layers[0].post_norm, wb.decoder_layers[0].post_norm);
    // One file, read from start to end: a server without Range support streams it once.
    for (size_t i = 0; i < b.requests.size(); ++i) {
        EXPECT_EQ(b.requests[i].file, "llama.embxm");
        if (i) {
            EXPECT_GE(b.requests[i].offset, b.requests[i - 1].offset + b.requests[i - 1].length) << i;
        }
    }
    // The packed config is the folder's, byte for byte; lm_head was left out.
    ASSERT_EQ((*b.model)->text_files.size(), 1u);
    EXPECT_EQ((*b.model)->text_files[0].first, "config.json");
    EXPECT_EQ((*b.model)->text_files[0].second, kLlama);
    EXPECT_EQ(packed->find("lm_head"), std::string::npos);
}

TEST(PackedModel, I8PackHoldsTheInt8WeightsExactly) {
    const Files folder = llama_folder();
    auto packed = pack(folder, PackedDtype::I8);
    ASSERT_TRUE(packed.ok()) << packed.error();
    Opened a = open(folder, true), b = open({{"m.embxm", *packed}}, true), c = open({{"m.embxm", *packed}}, false);
    ASSERT_TRUE(b.model.ok()) << b.model.error();
    ASSERT_TRUE(c.model.ok()) << c.model.error();
    const Matrix &qa = (*a.model)->weights.decoder_layers[0].gate, &qb = (*b.model)->weights.decoder_layers[0].gate;
    EXPECT_EQ(qa.i8, qb.i8);
    EXPECT_EQ(qa.scale, qb.scale);
    EXPECT_EQ((*a.model)->weights.word_embeddings.i8, (*b.model)->weights.word_embeddings.i8);
    // Loaded as f32, the packed int8 values are widened with their scales.
    EXPECT_EQ(values(qa), (*c.model)->weights.decoder_layers[0].gate.f32);
    // Smaller than the f32 pack (on a model this small the headers weigh most).
    auto f32 = pack(folder, PackedDtype::F32);
    ASSERT_TRUE(f32.ok());
    EXPECT_LT(packed->size(), f32->size());
}

TEST(PackedModel, F16PackRoundsEachWeightOnceAndRefusesWhatF16CannotHold) {
    const Files folder = llama_folder();
    auto packed = pack(folder, PackedDtype::F16);
    ASSERT_TRUE(packed.ok()) << packed.error();
    Opened a = open(folder, false), b = open({{"m.embxm", *packed}}, false);
    ASSERT_TRUE(b.model.ok()) << b.model.error();
    const std::vector<float>& va = (*a.model)->weights.decoder_layers[0].q.f32;
    const std::vector<float>& vb = (*b.model)->weights.decoder_layers[0].q.f32;
    ASSERT_EQ(va.size(), vb.size());
    for (size_t i = 0; i < va.size(); ++i) EXPECT_EQ(vb[i], f16_to_f32(f32_to_f16(va[i]))) << i;
    EXPECT_EQ((*a.model)->weights.final_norm, (*b.model)->weights.final_norm);  // vectors stay f32

    auto big = pack(llama_folder([](size_t i) { return i == 3 ? 70000.0f : 0.5f; }), PackedDtype::F16);
    ASSERT_FALSE(big.ok());
    EXPECT_NE(big.error().find("model.embed_tokens.weight holds 70000"), std::string::npos) << big.error();
    EXPECT_NE(big.error().find("--dtype f32 or i8"), std::string::npos) << big.error();
}

std::string header(uint32_t version, uint32_t index_bytes, uint64_t total, const char* magic = "EMBXMODL") {
    std::string h(32, '\0');
    std::memcpy(&h[0], magic, 8);
    store_le<uint32_t>(reinterpret_cast<uint8_t*>(&h[8]), version);
    store_le<uint32_t>(reinterpret_cast<uint8_t*>(&h[12]), index_bytes);
    store_le<uint64_t>(reinterpret_cast<uint8_t*>(&h[16]), total);
    return h;
}

Expected<uint32_t> parse_header(const std::string& h, uint64_t size) {
    return parse_embxm_header("x.embxm", reinterpret_cast<const uint8_t*>(h.data()), h.size(), size);
}

TEST(PackedModel, HeaderErrorsSayWhatIsWrong) {
    EXPECT_EQ(*parse_header(header(1, 100, 5000), 5000), 100u);
    const auto fails = [](const Expected<uint32_t>& r, const std::string& what) {
        ASSERT_FALSE(r.ok()) << what;
        EXPECT_NE(r.error().find(what), std::string::npos) << r.error();
    };
    fails(parse_header(header(1, 100, 5000, "EMBXMODX"), 5000), "not a packed model");
    fails(parse_header(header(1, 100, 5000).substr(0, 20), 5000), "not a packed model");
    fails(parse_header(header(2, 100, 5000), 5000), "version 2");
    fails(parse_header(header(1, 100, 5000), 4000), "cut short: 4000 of its 5000 bytes");
    fails(parse_header(header(1, 100, 5000), 5008), "8 bytes more than the 5000");
    fails(parse_header(header(1, embxm_format::kMaxIndexBytes + 1, uint64_t(1) << 30), uint64_t(1) << 30), "index length");
    fails(parse_header(header(1, 4000, 1000), 1000), "runs past the end");
}

TEST(PackedModel, IndexErrorsNameTheFile) {
    const auto index = [](const std::string& files) {
        return parse_embxm_index("x.embxm", R"({"format": "embxm", "dtype": "f16", "files": [)" + files + "]}", 200, 10000);
    };
    auto ok = index(R"({"path": "config.json", "offset": 256, "size": 10}, {"path": "model.safetensors", "offset": 320, "size": 9000})");
    ASSERT_TRUE(ok.ok()) << ok.error();
    EXPECT_EQ(ok->dtype, "f16");
    EXPECT_EQ(ok->files[1].offset, 320u);
    const auto fails = [&](const std::string& files, const std::string& what) {
        auto r = index(files);
        ASSERT_FALSE(r.ok()) << files;
        EXPECT_NE(r.error().find(what), std::string::npos) << r.error();
    };
    fails(R"({"path": "config.json", "offset": 100, "size": 10})", "before the end of what precedes it (232)");
    fails(R"({"path": "a", "offset": 256, "size": 10}, {"path": "b", "offset": 260, "size": 1})", "b starts at byte 260");
    fails(R"({"path": "a", "offset": 256, "size": 9745})", "runs past the end of the file (10000 bytes)");
    fails(R"({"path": "a", "offset": 18446744073709551000, "size": 1000})", "runs past the end");
    fails(R"({"path": "../a", "offset": 256, "size": 1})", "not a plain relative path");
    fails(R"({"path": "/a", "offset": 256, "size": 1})", "not a plain relative path");
    fails(R"({"path": "a//b", "offset": 256, "size": 1})", "not a plain relative path");
    fails(R"({"path": "a", "offset": 256, "size": 1}, {"path": "a", "offset": 320, "size": 1})", "a appears twice");
    fails(R"({"path": "a", "offset": -1, "size": 1})", "needs a path, an offset and a size");
    fails("", "no files");
    std::string many;
    for (int i = 0; i < 65; ++i) many += std::string(i ? "," : "") + R"({"path": "f)" + std::to_string(i) + R"(", "offset": 0, "size": 0})";
    fails(many, "65 files");
    EXPECT_FALSE(parse_embxm_index("x.embxm", "[1, 2]", 200, 10000).ok());
}

TEST(PackedModel, ACutShortPackIsRefusedBeforeItsWeightsAreRead) {
    auto packed = pack(llama_folder(), PackedDtype::F32);
    ASSERT_TRUE(packed.ok()) << packed.error();
    Opened cut = open({{"m.embxm", packed->substr(0, packed->size() - 100)}}, false);
    ASSERT_FALSE(cut.model.ok());
    EXPECT_NE(cut.model.error().find("cut short"), std::string::npos) << cut.model.error();
    EXPECT_EQ(cut.requests.size(), 1u);  // the header only
}

}  // namespace
}  // namespace embx
