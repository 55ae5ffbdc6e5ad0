#include "core/transformer/decoder.hpp"

#include "core/transformer/activations.hpp"
#include "core/transformer/attention.hpp"
#include "core/transformer/linear.hpp"
#include "core/transformer/norms.hpp"

namespace embx {

namespace {

// Per-head RMS norm (Qwen3's q_norm/k_norm) then RoPE, for every token of q or k.
void norm_and_rotate(float* x, size_t n, size_t heads, const Vec& norm, double eps, const RopeTable& rope) {
    const size_t d = rope.head_dim;
    for (size_t t = 0; t < n; ++t)
        for (size_t hd = 0; hd < heads; ++hd) {
            float* v = x + (t * heads + hd) * d;
            if (!norm.empty()) rms_norm(v, d, norm.data(), eps);
            apply_rope(v, t, rope);
        }
}

}  // namespace

void decoder_embed(const TransformerWeights& w, const std::vector<uint32_t>& ids, size_t hidden, std::vector<float>& x) {
    x.assign(ids.size() * hidden, 0.0f);
    for (size_t t = 0; t < ids.size(); ++t) w.word_embeddings.row(ids[t], x.data() + t * hidden);
}

void decoder_layer(const TransformerConfig& c, const DecoderLayerWeights& L, size_t n, const RopeTable& rope,
                   std::vector<float>& x, std::vector<float>* probs, ScanPool* pool) {
    const size_t h = c.hidden, f = c.intermediate, d = c.head_dim;
    const size_t qdim = c.heads * d, kvdim = c.kv_heads * d;
    const AttentionShape shape{n, c.heads, c.kv_heads, d, true};
    std::vector<float> hn(x), q(n * qdim), k(n * kvdim), v(n * kvdim), ctx(n * qdim), a(n * h);
    for (size_t t = 0; t < n; ++t) rms_norm(hn.data() + t * h, h, L.input_norm.data(), c.eps);
    linear_shared({{L.q, L.qb, q.data()}, {L.k, L.kb, k.data()}, {L.v, L.vb, v.data()}}, hn.data(), n, pool);
    norm_and_rotate(q.data(), n, c.heads, L.q_norm, c.eps, rope);
    norm_and_rotate(k.data(), n, c.kv_heads, L.k_norm, c.eps, rope);
    if (probs) probs->assign(c.heads * n * n, 0.0f);
    attention(shape, q.data(), k.data(), v.data(), ctx.data(), probs ? probs->data() : nullptr, pool);
    linear(L.o, L.ob, ctx.data(), n, a.data(), pool);
    for (size_t i = 0; i < n * h; ++i) x[i] += a[i];
    hn = x;
    for (size_t t = 0; t < n; ++t) rms_norm(hn.data() + t * h, h, L.post_norm.data(), c.eps);
    std::vector<float> gate(n * f), up(n * f);
    linear_shared({{L.gate, L.gateb, gate.data()}, {L.up, L.upb, up.data()}}, hn.data(), n, pool);
    for (size_t i = 0; i < n * f; ++i) gate[i] = silu(gate[i]) * up[i];
    linear(L.down, L.downb, gate.data(), n, a.data(), pool);
    for (size_t i = 0; i < n * h; ++i) x[i] += a[i];
}

std::vector<float> decoder_final_norm(const TransformerConfig& c, const TransformerWeights& w, size_t n,
                                      const std::vector<float>& x) {
    std::vector<float> last = x;
    for (size_t t = 0; t < n; ++t) rms_norm(last.data() + t * c.hidden, c.hidden, w.final_norm.data(), c.eps);
    return last;
}

}  // namespace embx
