// Structure-aware safetensors: the input chooses a tiny BERT or Qwen2 checkpoint in Hugging Face
// layout (config.json, vocab.txt, tensors with dtypes, shapes and data_offsets, one file or
// shards with model.safetensors.index.json), each part sometimes wrong. The files are opened
// the three ways the product opens them: the first shard as a table (formats/safetensors), the
// folder's embedding matrix as a table (FolderTableLoader, sharded) and the folder as a model
// to run (TransformerFolderLoader -> forward pass).
#include <map>
#include <string>
#include <vector>

#include "choices.hpp"
#include "core/search.hpp"
#include "core/transformer/forward_pass.hpp"
#include "formats/folder_table.hpp"
#include "formats/safetensors.hpp"
#include "formats/transformer_folder.hpp"
#include "fuzz_input.hpp"

namespace {

using embx::fuzz::Choices;

struct Tensor {
    std::string name;
    std::vector<uint64_t> shape;
    std::string dtype;
};

uint64_t dtype_bytes(const std::string& d) {
    if (d == "F32" || d == "I32") return 4;
    if (d == "F16" || d == "BF16") return 2;
    if (d == "F64" || d == "I64") return 8;
    return 1;
}

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (char ch : s) {
        if (ch == '"' || ch == '\\') out += '\\';
        out += ch;  // control bytes and invalid UTF-8 stay raw: the parser must refuse them itself
    }
    return out + "\"";
}

// A safetensors image of `ts`, with the input deciding where its framing is wrong.
std::vector<uint8_t> safetensors_file(Choices& c, const std::vector<Tensor>& ts) {
    std::string h = "{";
    if (!c.rarely(8)) h += "\"__metadata__\":{\"format\":" + json_string(c.rarely(16) ? c.text(6) : "pt") + "},";
    uint64_t offset = 0;
    for (size_t i = 0; i < ts.size(); ++i) {
        const Tensor& t = ts[i];
        uint64_t bytes = dtype_bytes(t.dtype);
        for (uint64_t d : t.shape) bytes *= d;
        std::string shape;
        for (uint64_t d : t.shape) shape += (shape.empty() ? "" : ",") + std::to_string(d);
        const uint64_t begin = c.usually(offset), end = c.usually(offset + bytes);
        h += (i ? "," : "") + json_string(t.name) + ":{\"dtype\":" + json_string(t.dtype) + ",\"shape\":[" + shape +
             "],\"data_offsets\":[" + std::to_string(begin) + "," + std::to_string(end) + "]}";
        offset += bytes;
    }
    h += "}";
    if (c.rarely(32)) h.resize(size_t(c.below(h.size())));  // broken JSON
    while (h.size() % 8) h += ' ';
    embx::fuzz::Bytes f;
    f.u64(c.usually(h.size()));
    f.raw(h);
    embx::fuzz::fill_bytes(f.b, size_t(std::min<uint64_t>(offset, uint64_t(4) << 20)), c.u64(), !c.rarely(8));
    if (c.rarely(16)) f.b.resize(size_t(c.below(f.b.size())));
    return std::move(f.b);
}

struct Folder {
    std::map<std::string, std::vector<uint8_t>> files;
    std::vector<embx::FolderFile> list() const {
        std::vector<embx::FolderFile> out;
        for (const auto& [path, bytes] : files) out.push_back({path, bytes.size()});
        return out;
    }
    // Answers a loader's requests from memory until it stops asking.
    template <class Loader>
    void serve(Loader& loader) const {
        while (auto r = loader.next()) {
            auto it = files.find(r->file);
            const std::vector<uint8_t> none;
            const std::vector<uint8_t>& f = it == files.end() ? none : it->second;
            const size_t n = r->offset < f.size() ? size_t(std::min<uint64_t>(r->length, f.size() - r->offset)) : 0;
            if (!loader.deliver(f.data() + (n ? r->offset : 0), n).ok()) break;
        }
    }
};

Folder build_folder(Choices& c) {
    const bool bert = c.byte() & 1;
    const uint64_t hidden = c.one_of<uint64_t>({8, 16, 32}), heads = c.one_of<uint64_t>({1, 2, 4});
    const uint64_t kv_heads = bert ? heads : c.one_of<uint64_t>({heads, 1}), ffn = c.one_of<uint64_t>({16, 32});
    const uint64_t layers = 1 + c.below(2), vocab = 4 + c.below(30);
    const std::vector<std::string> dtypes = {"F32", "F32", "F16", "BF16"};
    const std::string dtype = c.one_of(dtypes);

    std::vector<Tensor> ts;
    auto add = [&](std::string name, std::vector<uint64_t> shape) {
        if (c.rarely(24)) return;
        if (c.rarely(24)) shape[c.below(shape.size())] = c.usually(c.below(2) ? 5 : 0);
        if (c.rarely(48)) shape.push_back(1 + c.below(2));
        std::string d = c.rarely(16) ? c.one_of<std::string>({"F32", "F16", "BF16", "F64", "I8", "U8", "BOOL", "I64", "F8_E4M3"}) : dtype;
        if (c.rarely(64)) d = c.text(4);
        ts.push_back({c.rarely(96) ? c.text(10) : std::move(name), std::move(shape), d});
    };
    const uint64_t kv_dim = hidden / heads * kv_heads;
    if (bert) {
        add("embeddings.word_embeddings.weight", {vocab, hidden});
        add("embeddings.position_embeddings.weight", {32, hidden});
        add("embeddings.token_type_embeddings.weight", {2, hidden});
        add("embeddings.LayerNorm.weight", {hidden});
        add("embeddings.LayerNorm.bias", {hidden});
    } else {
        add("model.embed_tokens.weight", {vocab, hidden});
        add("model.norm.weight", {hidden});
    }
    for (uint64_t l = 0; l < layers; ++l) {
        if (bert) {
            const std::string b = "encoder.layer." + std::to_string(l) + ".";
            for (const char* n : {"attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"}) {
                add(b + n + ".weight", {hidden, hidden});
                add(b + n + ".bias", {hidden});
            }
            add(b + "intermediate.dense.weight", {ffn, hidden});
            add(b + "intermediate.dense.bias", {ffn});
            add(b + "output.dense.weight", {hidden, ffn});
            add(b + "output.dense.bias", {hidden});
            for (const char* n : {"attention.output.LayerNorm", "output.LayerNorm"}) {
                add(b + n + ".weight", {hidden});
                add(b + n + ".bias", {hidden});
            }
        } else {
            const std::string b = "model.layers." + std::to_string(l) + ".";
            add(b + "self_attn.q_proj.weight", {hidden, hidden});
            add(b + "self_attn.k_proj.weight", {kv_dim, hidden});
            add(b + "self_attn.v_proj.weight", {kv_dim, hidden});
            add(b + "self_attn.q_proj.bias", {hidden});
            add(b + "self_attn.k_proj.bias", {kv_dim});
            add(b + "self_attn.v_proj.bias", {kv_dim});
            add(b + "self_attn.o_proj.weight", {hidden, hidden});
            add(b + "mlp.gate_proj.weight", {ffn, hidden});
            add(b + "mlp.up_proj.weight", {ffn, hidden});
            add(b + "mlp.down_proj.weight", {hidden, ffn});
            add(b + "input_layernorm.weight", {hidden});
            add(b + "post_attention_layernorm.weight", {hidden});
        }
    }

    Folder folder;
    auto& config = folder.files["config.json"];
    std::string cfg = bert ? "{\"model_type\":\"bert\",\"architectures\":[\"BertModel\"],\"layer_norm_eps\":1e-12,"
                             "\"type_vocab_size\":2,\"hidden_act\":\"gelu\","
                           : "{\"model_type\":\"qwen2\",\"architectures\":[\"Qwen2ForCausalLM\"],\"rms_norm_eps\":1e-6,"
                             "\"rope_theta\":10000.0,\"tie_word_embeddings\":true,\"num_key_value_heads\":" +
                                 std::to_string(c.usually(kv_heads)) + ",\"hidden_act\":\"silu\",";
    cfg += "\"hidden_size\":" + std::to_string(c.usually(hidden)) + ",\"num_attention_heads\":" + std::to_string(c.usually(heads)) +
           ",\"num_hidden_layers\":" + std::to_string(c.usually(layers)) + ",\"intermediate_size\":" + std::to_string(c.usually(ffn)) +
           ",\"vocab_size\":" + std::to_string(c.usually(vocab)) + ",\"max_position_embeddings\":" + std::to_string(c.usually(32)) +
           ",\"torch_dtype\":\"float32\"}";
    if (c.rarely(32)) cfg.resize(size_t(c.below(cfg.size())));
    config.assign(cfg.begin(), cfg.end());

    if (bert && !c.rarely(8)) {  // a WordPiece vocabulary, one token a line
        std::string v = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n";
        for (uint64_t i = 4; i < vocab; ++i) v += (i % 3 ? "" : "##") + (c.rarely(8) ? c.text(4) : std::string(1, char('a' + i % 26))) + "\n";
        folder.files["vocab.txt"].assign(v.begin(), v.end());
    }

    // One file, or the tensors dealt out to shards named by an index.
    const size_t shards = c.below(3) == 0 ? 2 + c.below(2) : 1;
    if (shards == 1) {
        folder.files["model.safetensors"] = safetensors_file(c, ts);
        return folder;
    }
    std::vector<std::vector<Tensor>> parts(shards);
    std::string index = "{\"metadata\":{\"total_size\":" + std::to_string(c.u64() % 100000) + "},\"weight_map\":{";
    for (size_t i = 0; i < ts.size(); ++i) {
        const size_t s = c.below(shards);
        parts[s].push_back(ts[i]);
        const size_t named = c.rarely(24) ? c.below(shards + 1) : s;  // sometimes the wrong shard, or one not there
        index += (i ? "," : "") + json_string(ts[i].name) + ":" +
                 json_string("model-0000" + std::to_string(named + 1) + "-of-0000" + std::to_string(shards) + ".safetensors");
    }
    index += "}}";
    if (c.rarely(32)) index.resize(size_t(c.below(index.size())));
    folder.files["model.safetensors.index.json"].assign(index.begin(), index.end());
    for (size_t s = 0; s < shards; ++s)
        folder.files["model-0000" + std::to_string(s + 1) + "-of-0000" + std::to_string(shards) + ".safetensors"] =
            safetensors_file(c, parts[s]);
    return folder;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Choices c(data, size);
    const Folder folder = build_folder(c);
    const bool int8 = c.byte() & 1;
    embx::ImportOptions opt;
    opt.dtype = int8 ? embx::DType::I8 : embx::DType::F16;

    // The first weights file alone, as a dropped table.
    for (const auto& [path, bytes] : folder.files) {
        if (path.find(".safetensors") == std::string::npos || path.find(".json") != std::string::npos) continue;
        auto imp = embx::make_safetensors_importer(path, opt, c.byte() & 1 ? bytes.size() : 0);
        embx::fuzz::feed_in_chunks(*imp, bytes.data(), bytes.size());
        if (auto t = imp->table(); t && t->rows() > 0) (void)embx::neighbors(*t, t->word(0), 3);
        break;
    }

    // The folder's embedding matrix, as a table.
    embx::FolderTableLoader table_loader("fuzz", folder.list(), opt);
    folder.serve(table_loader);
    if (auto t = table_loader.table(); t && table_loader.done() && !table_loader.failed() && t->rows() > 0)
        (void)embx::neighbors(*t, t->word(0), 3);

    // The folder as a model, run on a few tokens.
    embx::TransformerFolderLoader loader("fuzz", folder.list(), int8);
    folder.serve(loader);
    auto model = loader.take();
    if (!model) return 0;
    const embx::TransformerModel& m = **model;
    std::vector<uint32_t> ids = {1, 2, 3};
    if (m.tokenizer) {
        ids.clear();
        for (const auto& t : m.tokenizer->encode("a b ab c")) ids.push_back(t.id);
    }
    (void)embx::run_transformer(m.config, m.weights, ids);
    return 0;
}
