// Structure-aware GGUF: the input chooses an architecture, its metadata, a tokenizer and the
// llama.cpp tensors of a tiny model (shapes, ggml types, offsets, alignment), each sometimes
// wrong; the file is then opened both ways the product opens a GGUF: as a table (the token
// embedding, formats/gguf) and as a model to run (TransformerFolderLoader -> forward pass).
#include <string>
#include <vector>

#include "choices.hpp"
#include "core/search.hpp"
#include "core/transformer/forward_pass.hpp"
#include "formats/gguf.hpp"
#include "formats/gguf_layout.hpp"
#include "formats/transformer_folder.hpp"
#include "fuzz_input.hpp"

namespace {

using embx::fuzz::Bytes;
using embx::fuzz::Choices;
namespace gf = embx::gguf_format;

struct Tensor {
    std::string name;
    std::vector<uint64_t> dims;
    uint32_t type;
};

void put_string(Bytes& out, const std::string& s) {
    out.u64(s.size());
    out.raw(s);
}

// One key-value pair; `type` is sometimes not the one the key is read as.
struct KvWriter {
    Choices& c;
    Bytes& out;
    uint64_t count = 0;
    void key(const std::string& k, uint32_t type) {
        put_string(out, c.rarely(64) ? c.text(8) : k);
        out.u32(c.rarely(48) ? uint32_t(c.below(15)) : type);
        ++count;
    }
    void u32(const std::string& k, uint64_t v) {
        key(k, gf::kU32);
        out.u32(uint32_t(c.usually(v)));
    }
    void f32(const std::string& k, float v) {
        key(k, gf::kF32);
        uint32_t bits;
        static_assert(sizeof bits == sizeof v);
        __builtin_memcpy(&bits, &v, 4);
        out.u32(c.rarely(24) ? uint32_t(c.u64()) : bits);
    }
    void str(const std::string& k, const std::string& v) {
        key(k, gf::kString);
        put_string(out, v);
    }
    void strings(const std::string& k, const std::vector<std::string>& v) {
        key(k, gf::kArray);
        out.u32(c.rarely(32) ? uint32_t(c.below(14)) : gf::kString);
        out.u64(c.usually(v.size()));
        for (const auto& s : v) put_string(out, s);
    }
    void i32s(const std::string& k, const std::vector<int32_t>& v) {
        key(k, gf::kArray);
        out.u32(gf::kI32);
        out.u64(c.usually(v.size()));
        for (int32_t x : v) out.u32(uint32_t(x));
    }
};

uint64_t tensor_bytes(const Tensor& t) {
    const gf::TensorType* tt = gf::find_tensor_type(t.type);
    if (!tt) return 0;
    uint64_t values = 1;
    for (uint64_t d : t.dims) values *= d;  // small by construction unless a dim was broken
    return values / tt->block_values * tt->block_bytes;
}

std::vector<uint8_t> build_gguf(Choices& c) {
    const std::string arch = c.rarely(32) ? c.text(6) : c.one_of<std::string>({"llama", "qwen2", "qwen3", "bert"});
    const bool bert = arch == "bert";
    const uint64_t hidden = c.one_of<uint64_t>({8, 16, 32, 64}), heads = c.one_of<uint64_t>({1, 2, 4});
    const uint64_t kv_heads = c.one_of<uint64_t>({heads, 1, heads / 2 ? heads / 2 : 1}), ffn = c.one_of<uint64_t>({16, 32, 48});
    const uint64_t layers = 1 + c.below(2), vocab = 4 + c.below(40);
    const uint32_t alignment = c.rarely(16) ? uint32_t(c.one_of<uint64_t>({0, 1, 3, 64, 4096})) : gf::kDefaultAlignment;

    // Tokens: specials first, then letters and pairs of them (BPE merges of the pairs), or
    // WordPiece pieces.
    std::vector<std::string> tokens = bert ? std::vector<std::string>{"[PAD]", "[UNK]", "[CLS]", "[SEP]"}
                                           : std::vector<std::string>{"<|endoftext|>"};
    const size_t specials = tokens.size();
    std::vector<int32_t> token_types(specials, 3);
    std::vector<std::string> merges;
    for (uint64_t i = 0; tokens.size() < vocab; ++i) {
        std::string t(1, char('a' + i % 26));
        if (i >= 26) {
            t += char('a' + (i / 26 - 1) % 26);
            merges.push_back(t.substr(0, 1) + " " + t.substr(1));
        }
        if (bert && i >= 26) t = "##" + t.substr(1);
        if (c.rarely(8)) t = c.text(5);
        tokens.push_back(t);
        token_types.push_back(int32_t(c.rarely(16) ? c.below(7) : 1));
    }

    std::vector<Tensor> ts;
    auto add = [&](std::string name, std::vector<uint64_t> dims) {
        if (c.rarely(20)) return;  // a tensor missing
        if (c.rarely(20)) dims[c.below(dims.size())] = c.usually(c.below(4) ? 7 : 1);
        if (c.rarely(40)) dims.push_back(c.below(3));
        uint32_t type = c.one_of<uint32_t>({gf::kTypeF32, gf::kTypeF32, gf::kTypeF16, gf::kTypeBF16, gf::kTypeQ8_0});
        if (type == gf::kTypeQ8_0 && dims[0] % 32) type = gf::kTypeF32;
        if (c.rarely(40)) type = uint32_t(c.below(45));
        ts.push_back({std::move(name), std::move(dims), type});
    };
    const uint64_t kv_dim = hidden / heads * kv_heads;
    add("token_embd.weight", {hidden, vocab});
    if (bert) {
        add("position_embd.weight", {hidden, 32});
        add("token_types.weight", {hidden, 2});
        add("token_embd_norm.weight", {hidden});
        add("token_embd_norm.bias", {hidden});
    } else {
        add("output_norm.weight", {hidden});
    }
    for (uint64_t l = 0; l < layers; ++l) {
        const std::string b = "blk." + std::to_string(l) + ".";
        add(b + "attn_q.weight", {hidden, hidden});
        add(b + "attn_k.weight", {hidden, bert ? hidden : kv_dim});
        add(b + "attn_v.weight", {hidden, bert ? hidden : kv_dim});
        add(b + "attn_output.weight", {hidden, hidden});
        add(b + "ffn_up.weight", {hidden, ffn});
        add(b + "ffn_down.weight", {ffn, hidden});
        if (bert) {
            for (const char* n : {"attn_q", "attn_k", "attn_v", "attn_output", "ffn_up"})
                add(b + n + ".bias", {n == std::string("ffn_up") ? ffn : hidden});
            add(b + "ffn_down.bias", {hidden});
            for (const char* n : {"attn_output_norm", "layer_output_norm"}) {
                add(b + n + ".weight", {hidden});
                add(b + n + ".bias", {hidden});
            }
        } else {
            add(b + "ffn_gate.weight", {hidden, ffn});
            add(b + "attn_norm.weight", {hidden});
            add(b + "ffn_norm.weight", {hidden});
            if (arch == "qwen2" && !c.rarely(8))
                for (const char* n : {"attn_q", "attn_k", "attn_v"}) add(b + n + ".bias", {n == std::string("attn_q") ? hidden : kv_dim});
            if (arch == "qwen3") {
                add(b + "attn_q_norm.weight", {hidden / heads});
                add(b + "attn_k_norm.weight", {hidden / heads});
            }
        }
    }

    Bytes kvs;
    KvWriter kv{c, kvs};
    kv.str("general.architecture", arch);
    if (alignment != gf::kDefaultAlignment) kv.u32("general.alignment", alignment);
    kv.u32(arch + ".block_count", layers);
    kv.u32(arch + ".embedding_length", hidden);
    kv.u32(arch + ".feed_forward_length", ffn);
    kv.u32(arch + ".attention.head_count", heads);
    if (!bert) kv.u32(arch + ".attention.head_count_kv", kv_heads);
    kv.u32(arch + ".context_length", 32);
    if (bert) {
        kv.f32(arch + ".attention.layer_norm_epsilon", 1e-12f);
    } else {
        kv.f32(arch + ".attention.layer_norm_rms_epsilon", 1e-6f);
        kv.f32(arch + ".rope.freq_base", 10000.f);
        if (c.rarely(16)) kv.str(arch + ".rope.scaling.type", c.text(8));
    }
    if (!c.rarely(8)) {
        kv.str("tokenizer.ggml.model", c.rarely(16) ? c.text(6) : bert ? "bert" : "gpt2");
        if (!bert) kv.str("tokenizer.ggml.pre", c.rarely(8) ? c.text(6) : c.one_of<std::string>({"qwen2", "llama-bpe", "gpt-2"}));
        kv.strings("tokenizer.ggml.tokens", tokens);
        if (!bert) kv.strings("tokenizer.ggml.merges", merges);
        if (!c.rarely(4)) kv.i32s("tokenizer.ggml.token_type", token_types);
        kv.u32("tokenizer.ggml.bos_token_id", c.usually(bert ? 2 : 0));
        kv.u32("tokenizer.ggml.eos_token_id", c.usually(bert ? 3 : 0));
    }

    Bytes f;
    f.raw(std::string(gf::kMagic, 4));
    f.u32(c.rarely(32) ? uint32_t(c.below(5)) : gf::kMaxVersion);
    f.u64(c.usually(ts.size()));
    f.u64(c.usually(kv.count));
    f.b.insert(f.b.end(), kvs.b.begin(), kvs.b.end());
    const uint64_t align = alignment ? alignment : gf::kDefaultAlignment;
    uint64_t offset = 0;
    for (const Tensor& t : ts) {
        put_string(f, c.rarely(64) ? c.text(12) : t.name);
        f.u32(uint32_t(c.usually(t.dims.size())));
        for (uint64_t d : t.dims) f.u64(d);
        f.u32(t.type);
        f.u64(c.usually(offset));
        offset += (tensor_bytes(t) + align - 1) / align * align;
    }
    while (f.b.size() % align) f.b.push_back(0);
    const uint64_t data_bytes = offset < (uint64_t(4) << 20) ? offset : uint64_t(4) << 20;  // a huge dim: truncated
    embx::fuzz::fill_bytes(f.b, size_t(data_bytes), c.u64(), !c.rarely(8));
    if (c.rarely(16)) f.b.resize(size_t(c.below(f.b.size())));  // a download cut short
    return std::move(f.b);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Choices c(data, size);
    const std::vector<uint8_t> file = build_gguf(c);
    const bool int8 = c.byte() & 1;

    // As a table: the token embedding, searched.
    embx::ImportOptions opt;
    opt.dtype = int8 ? embx::DType::I8 : embx::DType::F32;
    auto imp = embx::make_gguf_importer("fuzz.gguf", opt, c.byte() & 1 ? file.size() : 0);
    embx::fuzz::feed_in_chunks(*imp, file.data(), file.size());
    if (auto t = imp->table(); t && t->rows() > 0) (void)embx::neighbors(*t, t->word(0), 3);

    // As a model: one request at a time, answered from memory; then a forward pass.
    embx::TransformerFolderLoader loader("fuzz.gguf", {{"fuzz.gguf", file.size()}}, int8);
    while (auto r = loader.next()) {
        const size_t n = r->offset < file.size() ? size_t(std::min<uint64_t>(r->length, file.size() - r->offset)) : 0;
        if (!loader.deliver(file.data() + (n ? r->offset : 0), n).ok()) break;
    }
    auto model = loader.take();
    if (!model) return 0;
    const embx::TransformerModel& m = **model;
    std::vector<uint32_t> ids;
    if (m.tokenizer) {
        for (const auto& t : m.tokenizer->encode("ab cd ##e abc")) ids.push_back(t.id);
    } else {
        ids = {0, 1, 2};
    }
    (void)embx::run_transformer(m.config, m.weights, ids);
    return 0;
}
