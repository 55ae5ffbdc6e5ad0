#include "core/transformer/forward_pass.hpp"

#include "core/transformer/bert_encoder.hpp"
#include "core/transformer/decoder.hpp"
#include "core/transformer/forward_checks.hpp"

namespace embx {

ForwardPass::ForwardPass(const TransformerConfig& c, const TransformerWeights& w, std::vector<uint32_t> ids,
                         bool want_attentions, ScanPool* pool)
    : c_(c), w_(w), ids_(std::move(ids)), attentions_(want_attentions), pool_(pool), status_(check_ids(c, ids_)) {
    const size_t layers = c.decoder() ? w.decoder_layers.size() : w.bert_layers.size();
    if (status_.ok() && layers != c.layers)
        status_ = Error{"the weights have " + std::to_string(layers) + " layers, the config " + std::to_string(c.layers)};
    out_.tokens = ids_.size();
    out_.hidden = c.hidden;
}

void ForwardPass::step() {
    if (done()) return;
    const size_t n = ids_.size(), l = steps_done();
    if (l == 0) {
        if (c_.decoder()) {
            decoder_embed(w_, ids_, c_.hidden, x_);
            rope_ = make_rope(n, c_.head_dim, c_.rope_theta);
        } else {
            bert_embed(c_, w_, ids_, x_);
        }
        out_.layers.push_back(x_);
        return;
    }
    std::vector<float> probs;
    std::vector<float>* p = attentions_ ? &probs : nullptr;
    if (!c_.decoder()) {
        bert_layer(c_, w_.bert_layers[l - 1], n, x_, p, pool_);
        out_.layers.push_back(x_);
    } else {
        decoder_layer(c_, w_.decoder_layers[l - 1], n, rope_, x_, p, pool_);
        // A decoder's last entry is after the final norm (the residual stream stays as it is).
        out_.layers.push_back(l == c_.layers ? decoder_final_norm(c_, w_, n, x_) : x_);
    }
    if (attentions_) out_.attentions.push_back(std::move(probs));
}

Expected<HiddenStates> run_transformer(const TransformerConfig& c, const TransformerWeights& w,
                                       const std::vector<uint32_t>& ids, bool want_attentions, ScanPool* pool) {
    ForwardPass pass(c, w, ids, want_attentions, pool);
    while (!pass.done()) pass.step();
    if (!pass.status().ok()) return Error{pass.status().error()};
    return pass.take();
}

}  // namespace embx
