#include "core/train/word2vec_step.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "core/display_text.hpp"

namespace embx::train {

namespace {

// Some rows of one weight matrix, copied out so the update functions can run on them: the
// update code indexes rows, so the step's rows get local indices 0, 1, ...
struct LocalRows {
    std::vector<int32_t> rows;  // local index -> row in the model
    std::vector<float> w;

    int32_t add(int32_t row) {
        const auto it = std::find(rows.begin(), rows.end(), row);
        if (it != rows.end()) return int32_t(it - rows.begin());
        rows.push_back(row);
        return int32_t(rows.size() - 1);
    }
    void load(const float* m, size_t dims) {
        w.resize(rows.size() * dims);
        for (size_t i = 0; i < rows.size(); ++i)
            std::memcpy(w.data() + i * dims, m + size_t(rows[i]) * dims, dims * sizeof(float));
    }
};

// One prediction in local indices.
struct LocalPrediction {
    int32_t input = -1;  // skip-gram: local syn0 row
    std::vector<int32_t> ns;  // local syn1neg rows, [0] = the centre
};

struct Weights {
    std::vector<float> syn0, syn1neg, syn1;
};

std::string row_name(const Word2VecVocab& v, int32_t row) { return v.words[size_t(row)]; }

std::string out_of_range(const char* what, int32_t row, size_t V) {
    return std::string(what) + " row " + std::to_string(row) + " is outside the vocabulary (rows 0 to " +
           std::to_string(V - 1) + ")";
}

}  // namespace

Expected<Word2VecStepInput> word2vec_step_input(const Word2VecVocab& vocab, bool lowercase, std::string_view text,
                                                size_t centre, size_t window) {
    if (window == 0) return Error{"the window must be at least 1 word"};
    std::vector<std::string> words;
    for (size_t i = 0; i < text.size();) {
        while (i < text.size() && is_corpus_space(uint8_t(text[i]))) ++i;
        size_t j = i;
        while (j < text.size() && !is_corpus_space(uint8_t(text[j]))) ++j;
        if (j > i) words.emplace_back(cut_word(text.substr(i, j - i)));
        i = j;
    }
    if (words.empty()) return Error{"no words: type a sentence"};
    if (centre >= words.size())
        return Error{"no word " + std::to_string(centre + 1) + ": the sentence has " + std::to_string(words.size())};
    Word2VecStepInput in;
    std::string lowered;
    std::vector<int32_t> rows;
    for (size_t i = 0; i < words.size(); ++i) {
        if (lowercase) {
            lowercase_utf8(words[i], lowered);
            words[i] = lowered;
        }
        const int32_t r = vocab.find(words[i]);
        if (r < 0)
            return Error{"\u201c" + escape_for_display(words[i]) + "\u201d (word " + std::to_string(i + 1) +
                         ") is not in the vocabulary"};
        rows.push_back(r);
    }
    in.centre = rows[centre];
    const size_t from = centre > window ? centre - window : 0, to = std::min(words.size(), centre + window + 1);
    for (size_t i = from; i < to; ++i)
        if (i != centre) in.context.push_back(rows[i]);
    return in;
}

Expected<Word2VecStepExplanation> explain_word2vec_step(const Word2VecTrainer& trainer, const Word2VecStepInput& in) {
    const Word2VecVocab& vocab = trainer.vocab();
    const size_t V = vocab.size(), D = trainer.dims();
    const bool ns_on = trainer.params().negative > 0, hs_on = trainer.params().hs;
    if (in.centre < 0 || size_t(in.centre) >= V) return Error{out_of_range("the centre word's", in.centre, V)};
    if (in.context.empty())
        return Error{in.cbow ? "CBOW needs at least one context word to predict the centre from"
                             : "skip-gram needs at least one context word to pair with the centre"};
    for (int32_t r : in.context)
        if (r < 0 || size_t(r) >= V) return Error{out_of_range("a context word's", r, V)};
    if (!(in.alpha > 0) || !std::isfinite(in.alpha)) return Error{"the learning rate alpha must be positive"};
    if (!in.draw_negatives && !in.negatives.empty()) {
        if (!ns_on) return Error{"this model has no negative sampling (-negative 0): it cannot take negatives"};
        for (int32_t r : in.negatives) {
            if (r < 0 || size_t(r) >= V) return Error{out_of_range("a negative sample's", r, V)};
            if (r == in.centre)
                return Error{"a negative sample cannot be the centre word \u201c" +
                             escape_for_display(vocab.words[size_t(r)]) + "\u201d itself"};
        }
    }

    // The predictions and the rows they touch, in local indices.
    LocalRows in_rows, out_rows, node_rows;
    std::vector<int32_t> context_local;
    for (int32_t r : in.context) context_local.push_back(in_rows.add(r));
    std::vector<LocalPrediction> preds(in.cbow ? 1 : in.context.size());
    uint64_t rng = in.seed;
    for (size_t k = 0; k < preds.size(); ++k) {
        LocalPrediction& p = preds[k];
        if (!in.cbow) p.input = context_local[k];
        if (!ns_on) continue;
        p.ns.push_back(out_rows.add(in.centre));
        if (in.draw_negatives) {
            for (uint32_t d = 0; d < trainer.params().negative; ++d) {
                const int32_t r = trainer.draw_negative(in.centre, rng);
                if (r >= 0) p.ns.push_back(out_rows.add(r));
            }
        } else {
            for (int32_t r : in.negatives) p.ns.push_back(out_rows.add(r));
        }
    }
    std::vector<uint32_t> points;
    std::vector<uint8_t> codes;
    if (hs_on) {
        codes = vocab.codes[size_t(in.centre)];
        for (uint32_t n : vocab.points[size_t(in.centre)]) points.push_back(uint32_t(node_rows.add(int32_t(n))));
    }
    in_rows.load(trainer.input_vectors(), D);
    if (ns_on) out_rows.load(trainer.output_vectors().data(), D);
    if (hs_on) node_rows.load(trainer.hs_vectors().data(), D);
    const Weights before{in_rows.w, out_rows.w, node_rows.w};

    const kernels::TrainKernels& k = trainer.kernels();
    const SigmoidTable& sig = trainer.sigmoid_table();
    std::vector<float> neu1(D), e(D);
    // Runs prediction `p` on `w` with learning rate `alpha` (0: the loss only, nothing moves).
    auto run = [&](Weights& w, const LocalPrediction& p, float alpha) {
        const UpdateContext c{&k, &sig, D, alpha};
        Prediction pr;
        pr.ns = p.ns.data();
        pr.ns_count = p.ns.size();
        pr.code = codes.data();
        pr.point = points.data();
        pr.code_length = codes.size();
        if (in.cbow)
            return cbow_update(c, context_local.data(), context_local.size(), pr, w.syn0.data(), w.syn1neg.data(),
                               w.syn1.data(), neu1.data(), e.data());
        return skipgram_update(c, p.input, pr, w.syn0.data(), w.syn1neg.data(), w.syn1.data(), e.data());
    };
    auto total_loss = [&](const Weights& w) {
        Weights copy = w;
        double sum = 0;
        for (const LocalPrediction& p : preds) sum += run(copy, p, 0.f);
        return sum;
    };

    Word2VecStepExplanation x;
    x.cbow = in.cbow;
    x.hs = hs_on;
    x.negative_sampling = ns_on;
    x.vocab_size = V;
    x.dims = D;
    x.alpha = in.alpha;
    x.centre = in.centre;
    x.centre_word = row_name(vocab, in.centre);
    x.context = in.context;
    for (int32_t r : in.context) x.context_words.push_back(row_name(vocab, r));
    x.loss_before = total_loss(before);

    Weights w = before;
    for (const LocalPrediction& p : preds) {
        Word2VecStepPrediction out;
        out.target = in.centre;
        if (!in.cbow) {
            out.input = in_rows.rows[size_t(p.input)];
            out.h.assign(w.syn0.begin() + ptrdiff_t(size_t(p.input) * D),
                         w.syn0.begin() + ptrdiff_t(size_t(p.input + 1) * D));
        }
        // The output side, output by output, on a copy of the output rows (a row drawn twice as
        // a negative is met the second time already moved, as in the update).
        Weights mirror{{}, w.syn1neg, w.syn1};
        const float loss = run(w, p, in.alpha);
        if (in.cbow) out.h = neu1;  // the update leaves the context mean in neu1
        out.e = e;
        out.loss = loss;
        std::vector<float> scratch(D, 0.f);
        for (size_t d = 0; d < codes.size(); ++d) {
            Word2VecStepOutput o;
            o.kind = Word2VecStepOutput::Kind::node;
            o.row = node_rows.rows[points[d]];
            o.label = 1 - float(codes[d]);
            float* v = mirror.syn1.data() + size_t(points[d]) * D;
            o.dot = k.dot(out.h.data(), v, D);
            o.loss = sig.neg_log_sigmoid(codes[d] ? -o.dot : o.dot);
            o.clipped = !sig.in_range(o.dot);
            o.sigmoid = o.clipped ? (o.dot > 0 ? 1.f : 0.f) : sig.sigmoid(o.dot);
            if (!o.clipped) {
                o.gradient = output_gradient(sig, o.dot, o.label, in.alpha);
                k.axpy_pair(o.gradient, v, out.h.data(), scratch.data(), D);
            }
            out.outputs.push_back(std::move(o));
        }
        for (size_t d = 0; d < p.ns.size(); ++d) {
            Word2VecStepOutput o;
            o.kind = d == 0 ? Word2VecStepOutput::Kind::word : Word2VecStepOutput::Kind::negative;
            o.row = out_rows.rows[size_t(p.ns[d])];
            o.word = row_name(vocab, o.row);
            o.label = d == 0 ? 1.f : 0.f;
            float* u = mirror.syn1neg.data() + size_t(p.ns[d]) * D;
            o.dot = k.dot(out.h.data(), u, D);
            o.loss = sig.neg_log_sigmoid(d == 0 ? o.dot : -o.dot);
            o.clipped = !sig.in_range(o.dot);
            o.sigmoid = o.clipped ? (o.dot > 0 ? 1.f : 0.f) : sig.sigmoid(o.dot);
            o.gradient = output_gradient(sig, o.dot, o.label, in.alpha);
            k.axpy_pair(o.gradient, u, out.h.data(), scratch.data(), D);
            out.outputs.push_back(std::move(o));
        }
        x.predictions.push_back(std::move(out));
    }
    x.loss_after = total_loss(w);

    auto changes = [&](const LocalRows& rows, const std::vector<float>& b, const std::vector<float>& a, bool words) {
        std::vector<Word2VecRowChange> list;
        for (size_t i = 0; i < rows.rows.size(); ++i) {
            Word2VecRowChange c;
            c.row = rows.rows[i];
            if (words) c.word = row_name(vocab, c.row);
            c.before.assign(b.begin() + ptrdiff_t(i * D), b.begin() + ptrdiff_t((i + 1) * D));
            c.after.assign(a.begin() + ptrdiff_t(i * D), a.begin() + ptrdiff_t((i + 1) * D));
            list.push_back(std::move(c));
        }
        return list;
    };
    x.input_rows = changes(in_rows, before.syn0, w.syn0, true);
    x.output_rows = changes(out_rows, before.syn1neg, w.syn1neg, true);
    x.node_rows = changes(node_rows, before.syn1, w.syn1, false);
    return x;
}

Status apply_word2vec_step(Word2VecTrainer& trainer, const Word2VecStepExplanation& step) {
    const size_t D = trainer.dims(), V = trainer.vocab().size();
    if (step.dims != D || step.vocab_size != V) return Error{"the step was explained on another model"};
    if ((!step.output_rows.empty() && trainer.output_vectors().empty()) ||
        (!step.node_rows.empty() && trainer.hs_vectors().empty()))
        return Error{"the step was explained on another model"};
    struct Target {
        float* m;
        const std::vector<Word2VecRowChange>* rows;
        size_t limit;  // rows in the matrix
    };
    const Target targets[] = {{trainer.mutable_input_vectors(), &step.input_rows, V},
                              {trainer.mutable_output_vectors(), &step.output_rows, V},
                              {trainer.mutable_hs_vectors(), &step.node_rows, V ? V - 1 : 0}};
    for (const Target& t : targets)
        for (const Word2VecRowChange& c : *t.rows) {
            if (c.row < 0 || size_t(c.row) >= t.limit || c.before.size() != D || c.after.size() != D)
                return Error{"the step was explained on another model"};
            if (std::memcmp(t.m + size_t(c.row) * D, c.before.data(), D * sizeof(float)) != 0)
                return Error{"the model has changed since this step was explained: explain it again"};
        }
    for (const Target& t : targets)
        for (const Word2VecRowChange& c : *t.rows)
            std::memcpy(t.m + size_t(c.row) * D, c.after.data(), D * sizeof(float));
    return Status::success();
}

std::string describe_word2vec_step(const Word2VecStepExplanation& s) {
    if (s.predictions.empty()) return "";
    char buf[256];
    auto q = [](const std::string& w) { return "\u201c" + escape_for_display(w) + "\u201d"; };
    std::string out = s.cbow ? "CBOW step: the context " : "Skip-gram step: the centre word ";
    if (s.cbow) {
        for (size_t i = 0; i < s.context_words.size(); ++i) out += (i ? ", " : "") + q(s.context_words[i]);
        out += " predicts the centre word " + q(s.centre_word) + ".\n";
    } else {
        out += q(s.centre_word) + " is paired with each context word (";
        for (size_t i = 0; i < s.context_words.size(); ++i) out += (i ? ", " : "") + q(s.context_words[i]);
        out += "): " + std::to_string(s.predictions.size()) + " predictions.\n";
    }
    const Word2VecStepPrediction& p = s.predictions[0];
    double norm = 0;
    for (float v : p.h) norm += double(v) * v;
    if (s.cbow)
        std::snprintf(buf, sizeof buf,
                      "Input: %zu one-hot vectors of %zu words; hidden layer h = the mean of their %zu-number "
                      "embedding rows (norm %.4f).\n",
                      s.context.size(), s.vocab_size, s.dims, std::sqrt(norm));
    else
        std::snprintf(buf, sizeof buf,
                      "First prediction: one-hot row %d of %zu; hidden layer h = that word's %zu-number embedding "
                      "row (norm %.4f).\n",
                      p.input, s.vocab_size, s.dims, std::sqrt(norm));
    out += buf;
    if (!s.cbow) out += "It is " + q(s.context_words[0]) + "'s row, predicting " + q(s.centre_word) + ".\n";
    out += "Outputs:";
    for (size_t i = 0; i < p.outputs.size(); ++i) {
        const Word2VecStepOutput& o = p.outputs[i];
        const std::string name = o.kind == Word2VecStepOutput::Kind::node ? "node " + std::to_string(o.row) : q(o.word);
        std::snprintf(buf, sizeof buf, " %s label %d: h\u00b7u = %.4f, \u03c3 = %.4f, g = %+.5f;", name.c_str(),
                      int(o.label), double(o.dot), double(o.sigmoid), double(o.gradient));
        out += buf;
    }
    if (!out.empty() && out.back() == ';') out.back() = '.';
    std::snprintf(buf, sizeof buf, "\nLoss %.4f before the step, %.4f after (alpha %g).", s.loss_before, s.loss_after,
                  double(s.alpha));
    out += buf;
    return out;
}

}  // namespace embx::train
