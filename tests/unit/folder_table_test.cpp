// A model folder's embedding matrix as a table, reading only the tokenizer, the shard index,
// the headers and the tensor's bytes: sharded BF16 weights built in code, fed by a fake disk
// that answers the loader's byte requests and counts them.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "bpe_fixtures.hpp"
#include "fixtures.hpp"
#include "formats/folder_table.hpp"
#include "formats/model_folder.hpp"
#include "formats/table_tokenizer.hpp"
#include "llm_fixtures.hpp"

namespace embx {
namespace {

using Disk = std::map<std::string, std::vector<uint8_t>>;

std::vector<uint8_t> bytes(const std::string& s) { return std::vector<uint8_t>(s.begin(), s.end()); }

// A decoder-shaped folder: the embedding (rows x dims, BF16) in the second of two shards,
// other tensors around it, a byte-level tokenizer.json naming the rows.
struct Folder {
    Disk disk;
    test::FloatTable table;
    std::vector<float> stored;  // the BF16 values as stored
};

Folder make_folder(const std::string& prefix, bool with_tokenizer = true) {
    Folder f;
    f.table = test::make_float_table(300, 16, 7);
    const auto emb = test::encode(f.table, test::Enc::BF16);
    f.stored = emb.values;
    const auto filler = [](size_t n) { return std::vector<uint8_t>(n, 0x3c); };
    f.disk[prefix + "model-00001-of-00002.safetensors"] = test::st_file(
        {{"model.layers.0.mlp.up_proj.weight", "BF16", {64, 16}, filler(64 * 16 * 2)}});
    f.disk[prefix + "model-00002-of-00002.safetensors"] =
        test::st_file({{"model.norm.weight", "F32", {16}, filler(64)},
                       {"model.embed_tokens.weight", "BF16", {300, 16}, emb.bytes},
                       {"lm_head.weight", "BF16", {300, 16}, filler(300 * 16 * 2)}});
    nlohmann::json index = {{"metadata", {{"total_size", 1}}},
                            {"weight_map", {{"model.layers.0.mlp.up_proj.weight", "model-00001-of-00002.safetensors"},
                                            {"model.norm.weight", "model-00002-of-00002.safetensors"},
                                            {"model.embed_tokens.weight", "model-00002-of-00002.safetensors"},
                                            {"lm_head.weight", "model-00002-of-00002.safetensors"}}}};
    f.disk[prefix + "model.safetensors.index.json"] = bytes(index.dump());
    f.disk[prefix + "config.json"] = bytes("{\"model_type\": \"qwen2\"}");
    if (with_tokenizer) {
        // Row i is named by the byte-level vocabulary of tiny_bpe (256 bytes + merges).
        std::vector<std::pair<std::string, std::string>> merges;
        for (int i = 0; i < 44; ++i) merges.emplace_back(std::string(1, char('a' + i % 26)), std::string(1, char('a' + i / 26)));
        f.disk[prefix + "tokenizer.json"] = bytes(test::tiny_bpe_json(merges));
    }
    return f;
}

std::vector<FolderFile> listing(const Disk& d) {
    std::vector<FolderFile> out;
    for (const auto& [name, data] : d) out.push_back({name, data.size()});
    return out;
}

struct Outcome {
    std::shared_ptr<EmbeddingTable> table;
    std::string error;
    uint64_t bytes_read = 0;
    std::vector<std::string> notes;
};

Outcome drive(FolderTableLoader& l, const Disk& d, bool short_read = false) {
    Outcome r;
    while (auto req = l.next()) {
        const auto& data = d.at(req->file);
        EXPECT_LE(req->offset + req->length, data.size()) << req->file;
        size_t n = size_t(std::min<uint64_t>(req->length, data.size() - std::min<uint64_t>(req->offset, data.size())));
        if (short_read && n > 4) n -= 4;
        r.bytes_read += n;
        if (!l.deliver(data.data() + req->offset, n).ok()) break;
    }
    r.table = l.table();
    r.error = l.failed() ? l.error() : "";
    r.notes = l.notes();
    return r;
}

TEST(FolderTable, ReadsOnlyTheEmbeddingTensorOfAShardedFolder) {
    const Folder f = make_folder("Qwen-mini/");
    uint64_t total = 0;
    for (const auto& [n, d] : f.disk) total += d.size();
    ImportOptions opt;
    opt.dtype = DType::F32;
    FolderTableLoader l("Qwen-mini", listing(f.disk), opt);
    const Outcome r = drive(l, f.disk);
    ASSERT_EQ(r.error, "");
    ASSERT_TRUE(l.done());
    ASSERT_TRUE(r.table);
    EXPECT_EQ(r.table->rows(), 300u);
    std::vector<float> row(16);
    for (size_t i : {size_t(0), size_t(123), size_t(299)}) {
        r.table->row_as_float(uint32_t(i), row.data());
        for (size_t k = 0; k < 16; ++k) EXPECT_FLOAT_EQ(row[k], f.stored[i * 16 + k]) << i;
    }
    // Neither the first shard's data nor the lm_head were read.
    const uint64_t emb = 300 * 16 * 2, up = 64 * 16 * 2, head = 300 * 16 * 2;
    EXPECT_LT(r.bytes_read, total - up - head + 1);
    EXPECT_GE(r.bytes_read, emb);
    // The rows are named by the tokenizer, which is embedded for the Tokens and Graph tabs.
    EXPECT_EQ(r.table->word(uint32_t(' ')), "\xC4\xA0");  // Ġ
    EXPECT_NE(embedded_tokenizer_json(*r.table), nullptr);
    auto tok = table_tokenizer(*r.table);
    ASSERT_TRUE(tok.ok()) << tok.error();
    EXPECT_TRUE(*tok);
}

// LM Studio / Ollama folders: the weights are one GGUF file. Its embedding becomes the table,
// named by its own tokens, and reading stops after the embedding's rows.
TEST(FolderTable, AFolderWhoseWeightsAreOneGgufFile) {
    const test::FloatTable t = test::make_float_table(300, 16, 3);
    std::vector<std::string> tokens;
    for (size_t i = 0; i < 300; ++i) tokens.push_back("tok" + std::to_string(i));
    test::GgufFile g;
    g.kvs = {test::kv_string("general.architecture", "llama"), test::kv_strings("tokenizer.ggml.tokens", tokens)};
    g.tensors.push_back({"token_embd.weight", {16, 300}, test::ggml_type::F32, test::encode(t, test::Enc::F32).bytes});
    g.tensors.push_back({"output.weight", {16, 1u << 18}, test::ggml_type::F32, std::vector<uint8_t>(size_t(16) << 20, 0)});
    Disk d = {{"Mini/config.json", bytes("{}")}, {"Mini/model-q8_0.gguf", g.bytes()}};
    ImportOptions opt;
    opt.dtype = DType::F32;
    FolderTableLoader l("Mini", listing(d), opt);
    const Outcome r = drive(l, d);
    ASSERT_EQ(r.error, "");
    ASSERT_TRUE(l.done());
    ASSERT_TRUE(r.table);
    EXPECT_EQ(r.table->rows(), 300u);
    EXPECT_EQ(r.table->word(123), "tok123");
    std::vector<float> row(16);
    r.table->row_as_float(123, row.data());
    for (size_t k = 0; k < 16; ++k) EXPECT_EQ(row[k], t.values[123 * 16 + k]);
    EXPECT_LT(r.bytes_read, d["Mini/model-q8_0.gguf"].size() / 2);  // the 16 MB output.weight is not read
    // Cut short: the GGUF reader's own message, naming the file.
    Disk cut = d;
    cut["Mini/model-q8_0.gguf"].resize(5000);
    FolderTableLoader l2("Mini", listing(cut), opt);
    const std::string e = drive(l2, cut).error;
    EXPECT_NE(e.find("Mini/model-q8_0.gguf: byte"), std::string::npos) << e;
    EXPECT_NE(e.find("runs past the end of the file"), std::string::npos) << e;
}

TEST(FolderTableBadInput, SaysWhatIsMissingOrWrong) {
    Folder f = make_folder("");
    ImportOptions opt;
    {
        Disk d = f.disk;
        d.erase("model-00001-of-00002.safetensors");
        FolderTableLoader l("m", listing(d), opt);
        EXPECT_NE(drive(l, d).error.find("not in the folder: model-00001-of-00002.safetensors"), std::string::npos);
    }
    {
        Disk d = {{"config.json", bytes("{}")}, {"pytorch_model.bin", bytes("x")}};
        FolderTableLoader l("m", listing(d), opt);
        const Outcome r = drive(l, d);
        EXPECT_NE(r.error.find("no weights"), std::string::npos) << r.error;
        EXPECT_NE(r.error.find("save them as safetensors"), std::string::npos) << r.error;
    }
    {
        FolderTableLoader l("m", listing(f.disk), opt);
        EXPECT_NE(drive(l, f.disk, true).error.find("were asked for"), std::string::npos);
    }
    {
        ImportOptions small = opt;
        small.memory_limit = 10000;  // 300 rows of int8 need more
        FolderTableLoader l("m", listing(f.disk), small);
        const Outcome r = drive(l, f.disk);
        EXPECT_NE(r.error.find("too big for the memory available"), std::string::npos) << r.error;
        EXPECT_NE(r.error.find("300 rows"), std::string::npos) << r.error;
        EXPECT_FALSE(r.table);
    }
    {
        Disk d = f.disk;
        d["model.safetensors.index.json"] = bytes("{\"weight_map\": {\"x\": \"../etc/passwd\"}}");
        FolderTableLoader l("m", listing(d), opt);
        EXPECT_NE(drive(l, d).error.find("not a file of the folder"), std::string::npos);
    }
    {
        Disk d = f.disk;
        d["model-00002-of-00002.safetensors"][7] = 0x7f;  // a header length past the file
        FolderTableLoader l("m", listing(d), opt);
        EXPECT_NE(drive(l, d).error.find("header length"), std::string::npos);
    }
}

}  // namespace
}  // namespace embx

namespace embx {
namespace {

TEST(FolderFileList, ATextFileIsAskedForWholeUpToTheCap) {
    auto layout = classify_model_folder({{"m/config.json", 700}, {"m/tokenizer.json", kMaxFolderTextFileBytes + 1},
                                         {"m/model.safetensors", 5000}});
    ASSERT_TRUE(layout) << layout.error();
    auto config = whole_text_file_request(*layout, "config.json");
    ASSERT_TRUE(config) << config.error();
    EXPECT_EQ(config->file, "m/config.json");
    EXPECT_EQ(config->offset, 0u);
    EXPECT_EQ(config->length, 700u);
    auto huge = whole_text_file_request(*layout, "tokenizer.json");
    ASSERT_FALSE(huge);
    EXPECT_NE(huge.error().find("tokenizer.json is 100663297 bytes: more than such a file can be"), std::string::npos)
        << huge.error();
}

TEST(FolderFileList, ParsesThePagesListAndNamesABadEntry) {
    auto ok = parse_folder_file_list(R"([{"path": "m/config.json", "size": 12}, {"path": "m/model.safetensors", "size": 5000000000}])");
    ASSERT_TRUE(ok) << ok.error();
    ASSERT_EQ(ok->size(), 2u);
    EXPECT_EQ((*ok)[1].path, "m/model.safetensors");
    EXPECT_EQ((*ok)[1].size, 5000000000u);  // beyond 32 bits
    EXPECT_EQ(parse_folder_file_list("{}").error(), "the file list is not a JSON array");
    EXPECT_EQ(parse_folder_file_list("[{\"path\": 1").error(), "the file list is not a JSON array");
    EXPECT_EQ(parse_folder_file_list(R"([{"path": "a", "size": 1}, {"path": "b", "size": -1}])").error(),
              "file 1 of the list has no path or size");
}

}  // namespace
}  // namespace embx
