#include "core/transformer/bert_encoder.hpp"

#include "core/transformer/activations.hpp"
#include "core/transformer/attention.hpp"
#include "core/transformer/linear.hpp"
#include "core/transformer/norms.hpp"

namespace embx {

void bert_embed(const TransformerConfig& c, const TransformerWeights& w, const std::vector<uint32_t>& ids,
                std::vector<float>& x) {
    const size_t n = ids.size(), h = c.hidden;
    x.assign(n * h, 0.0f);
    std::vector<float> row(h);
    for (size_t t = 0; t < n; ++t) {
        float* xt = x.data() + t * h;
        w.word_embeddings.row(ids[t], xt);
        w.position_embeddings.row(t, row.data());
        for (size_t i = 0; i < h; ++i) xt[i] += row[i];
        w.token_type_embeddings.row(0, row.data());
        for (size_t i = 0; i < h; ++i) xt[i] += row[i];
        layer_norm(xt, h, w.emb_ln_w.data(), w.emb_ln_b.data(), c.eps);
    }
}

void bert_layer(const TransformerConfig& c, const BertLayerWeights& L, size_t n, std::vector<float>& x,
                std::vector<float>* probs, ScanPool* pool) {
    const size_t h = c.hidden, f = c.intermediate;
    std::vector<float> q(n * h), k(n * h), v(n * h), ctx(n * h), a(n * h), mid(n * f);
    const AttentionShape shape{n, c.heads, c.heads, c.head_dim, false};
    linear_shared({{L.q, L.qb, q.data()}, {L.k, L.kb, k.data()}, {L.v, L.vb, v.data()}}, x.data(), n, pool);
    if (probs) probs->assign(c.heads * n * n, 0.0f);
    attention(shape, q.data(), k.data(), v.data(), ctx.data(), probs ? probs->data() : nullptr, pool);
    linear(L.o, L.ob, ctx.data(), n, a.data(), pool);
    for (size_t t = 0; t < n; ++t) {
        for (size_t i = 0; i < h; ++i) a[t * h + i] += x[t * h + i];
        layer_norm(a.data() + t * h, h, L.attn_ln_w.data(), L.attn_ln_b.data(), c.eps);
    }
    linear(L.up, L.upb, a.data(), n, mid.data(), pool);
    for (float& m : mid) m = gelu_erf(m);
    linear(L.down, L.downb, mid.data(), n, x.data(), pool);
    for (size_t t = 0; t < n; ++t) {
        for (size_t i = 0; i < h; ++i) x[t * h + i] += a[t * h + i];
        layer_norm(x.data() + t * h, h, L.out_ln_w.data(), L.out_ln_b.data(), c.eps);
    }
}

}  // namespace embx
