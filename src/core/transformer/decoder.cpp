#include "core/transformer/decoder.hpp"

#include "core/transformer/activations.hpp"
#include "core/transformer/attention.hpp"
#include "core/transformer/forward_checks.hpp"
#include "core/transformer/linear.hpp"
#include "core/transformer/norms.hpp"
#include "core/transformer/rope.hpp"

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

Expected<HiddenStates> run_decoder(const TransformerConfig& c, const TransformerWeights& w,
                                   const std::vector<uint32_t>& ids, bool want_attentions) {
    if (Status s = check_ids(c, ids); !s.ok()) return Error{s.error()};
    const size_t n = ids.size(), h = c.hidden, f = c.intermediate, d = c.head_dim;
    const size_t qdim = c.heads * d, kvdim = c.kv_heads * d;
    HiddenStates out;
    out.tokens = n;
    out.hidden = h;
    std::vector<float> x(n * h);
    for (size_t t = 0; t < n; ++t) w.word_embeddings.row(ids[t], x.data() + t * h);
    out.layers.push_back(x);
    const RopeTable rope = make_rope(n, d, c.rope_theta);
    const AttentionShape shape{n, c.heads, c.kv_heads, d, true};
    std::vector<float> hn(n * h), q(n * qdim), k(n * kvdim), v(n * kvdim), ctx(n * qdim), a(n * h);
    std::vector<float> gate(n * f), up(n * f);
    for (size_t l = 0; l < w.decoder_layers.size(); ++l) {
        const DecoderLayerWeights& L = w.decoder_layers[l];
        hn = x;
        for (size_t t = 0; t < n; ++t) rms_norm(hn.data() + t * h, h, L.input_norm.data(), c.eps);
        linear(L.q, L.qb, hn.data(), n, q.data());
        linear(L.k, L.kb, hn.data(), n, k.data());
        linear(L.v, L.vb, hn.data(), n, v.data());
        norm_and_rotate(q.data(), n, c.heads, L.q_norm, c.eps, rope);
        norm_and_rotate(k.data(), n, c.kv_heads, L.k_norm, c.eps, rope);
        std::vector<float> probs;
        if (want_attentions) probs.resize(c.heads * n * n);
        attention(shape, q.data(), k.data(), v.data(), ctx.data(), want_attentions ? probs.data() : nullptr);
        if (want_attentions) out.attentions.push_back(std::move(probs));
        linear(L.o, L.ob, ctx.data(), n, a.data());
        for (size_t i = 0; i < n * h; ++i) x[i] += a[i];
        hn = x;
        for (size_t t = 0; t < n; ++t) rms_norm(hn.data() + t * h, h, L.post_norm.data(), c.eps);
        linear(L.gate, L.gateb, hn.data(), n, gate.data());
        linear(L.up, L.upb, hn.data(), n, up.data());
        for (size_t i = 0; i < n * f; ++i) gate[i] = silu(gate[i]) * up[i];
        linear(L.down, L.downb, gate.data(), n, a.data());
        for (size_t i = 0; i < n * h; ++i) x[i] += a[i];
        if (l + 1 < w.decoder_layers.size()) out.layers.push_back(x);
    }
    // HF's last hidden state is the final norm of the residual stream.
    std::vector<float> last = x;
    for (size_t t = 0; t < n; ++t) rms_norm(last.data() + t * h, h, w.final_norm.data(), c.eps);
    out.layers.push_back(std::move(last));
    return out;
}

}  // namespace embx
