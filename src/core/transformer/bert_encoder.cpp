#include "core/transformer/bert_encoder.hpp"

#include "core/transformer/activations.hpp"
#include "core/transformer/attention.hpp"
#include "core/transformer/forward_checks.hpp"
#include "core/transformer/linear.hpp"
#include "core/transformer/norms.hpp"

namespace embx {

Expected<HiddenStates> run_bert(const TransformerConfig& c, const TransformerWeights& w,
                                const std::vector<uint32_t>& ids, bool want_attentions) {
    if (Status s = check_ids(c, ids); !s.ok()) return Error{s.error()};
    const size_t n = ids.size(), h = c.hidden, f = c.intermediate;
    HiddenStates out;
    out.tokens = n;
    out.hidden = h;
    std::vector<float> x(n * h), row(h);
    for (size_t t = 0; t < n; ++t) {
        float* xt = x.data() + t * h;
        w.word_embeddings.row(ids[t], xt);
        w.position_embeddings.row(t, row.data());
        for (size_t i = 0; i < h; ++i) xt[i] += row[i];
        w.token_type_embeddings.row(0, row.data());
        for (size_t i = 0; i < h; ++i) xt[i] += row[i];
        layer_norm(xt, h, w.emb_ln_w.data(), w.emb_ln_b.data(), c.eps);
    }
    out.layers.push_back(x);
    std::vector<float> q(n * h), k(n * h), v(n * h), ctx(n * h), a(n * h), mid(n * f), o(n * h);
    const AttentionShape shape{n, c.heads, c.heads, c.head_dim, false};
    for (const BertLayerWeights& L : w.bert_layers) {
        linear(L.q, L.qb, x.data(), n, q.data());
        linear(L.k, L.kb, x.data(), n, k.data());
        linear(L.v, L.vb, x.data(), n, v.data());
        std::vector<float> probs;
        if (want_attentions) probs.resize(c.heads * n * n);
        attention(shape, q.data(), k.data(), v.data(), ctx.data(), want_attentions ? probs.data() : nullptr);
        if (want_attentions) out.attentions.push_back(std::move(probs));
        linear(L.o, L.ob, ctx.data(), n, a.data());
        for (size_t t = 0; t < n; ++t) {
            for (size_t i = 0; i < h; ++i) a[t * h + i] += x[t * h + i];
            layer_norm(a.data() + t * h, h, L.attn_ln_w.data(), L.attn_ln_b.data(), c.eps);
        }
        linear(L.up, L.upb, a.data(), n, mid.data());
        for (float& m : mid) m = gelu_erf(m);
        linear(L.down, L.downb, mid.data(), n, o.data());
        for (size_t t = 0; t < n; ++t) {
            for (size_t i = 0; i < h; ++i) o[t * h + i] += a[t * h + i];
            layer_norm(o.data() + t * h, h, L.out_ln_w.data(), L.out_ln_b.data(), c.eps);
        }
        x = o;
        out.layers.push_back(x);
    }
    return out;
}

}  // namespace embx
