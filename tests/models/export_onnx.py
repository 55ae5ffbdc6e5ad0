#!/usr/bin/python3
"""Exports a BERT model folder (e.g. make_models.py --minilm) to ONNX with torch.onnx, for the
onnxruntime-web speed comparison. No transformers: a float32 torch module of the same equations
as reference_forward.py, with a real attention mask so padded batches work.

  /usr/bin/python3 tests/models/export_onnx.py MODEL_DIR out.onnx [--opset 14]

Inputs input_ids, attention_mask, token_type_ids (int64, [batch, sequence], both axes dynamic);
output last_hidden_state (float32, [batch, sequence, hidden]). Before writing, the module's
output is checked against the float64 reference (cosine per token).
"""
import argparse
import math
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference_forward  # noqa: E402


class Bert(nn.Module):
    def __init__(self, model):
        super().__init__()
        c = model.config
        self.heads, self.eps = c["num_attention_heads"], c["layer_norm_eps"]
        self.layers, self.hidden = c["num_hidden_layers"], c["hidden_size"]
        for name, t in model.w.items():  # buffers keep HF's names, dots made underscores
            self.register_buffer(name.replace(".", "_"), t.float())

    def _w(self, name):
        return getattr(self, name.replace(".", "_"))

    def _ln(self, x, name):
        return nn.functional.layer_norm(x, (self.hidden,), self._w(name + ".weight"),
                                        self._w(name + ".bias"), self.eps)

    def _lin(self, x, name):
        return x @ self._w(name + ".weight").t() + self._w(name + ".bias")

    def forward(self, input_ids, attention_mask, token_type_ids):
        b, n = input_ids.shape
        x = (self._w("embeddings.word_embeddings.weight")[input_ids]
             + self._w("embeddings.position_embeddings.weight")[:n].unsqueeze(0)
             + self._w("embeddings.token_type_embeddings.weight")[token_type_ids])
        x = self._ln(x, "embeddings.LayerNorm")
        h = self.hidden
        d = h // self.heads
        # HF's extended mask: 0 where attended, the float32 minimum where masked.
        mask = (1.0 - attention_mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def split(t):
                return t.reshape(b, -1, self.heads, d).transpose(1, 2)

            q, k, v = (split(self._lin(x, p + f"attention.self.{s}"))
                       for s in ("query", "key", "value"))
            probs = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d) + mask, dim=-1)
            ctx = (probs @ v).transpose(1, 2).reshape(b, -1, h)
            a = self._ln(self._lin(ctx, p + "attention.output.dense") + x,
                         p + "attention.output.LayerNorm")
            inter = nn.functional.gelu(self._lin(a, p + "intermediate.dense"))  # erf GELU
            x = self._ln(self._lin(inter, p + "output.dense") + a, p + "output.LayerNorm")
        return x


def main():
    ap = argparse.ArgumentParser(description="Export a BERT folder to ONNX.")
    ap.add_argument("model", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--opset", type=int, default=14)
    args = ap.parse_args()
    model = reference_forward.Model(args.model)
    if model.config["model_type"] != "bert":
        sys.exit("only BERT models are exported")
    net = Bert(model).eval()
    ids = [101, 7, 300 % model.config["vocab_size"], 42, 102]
    with torch.no_grad():
        got = net(torch.tensor([ids]), torch.ones(1, len(ids), dtype=torch.int64),
                  torch.zeros(1, len(ids), dtype=torch.int64))[0].double().numpy()
    want = reference_forward.forward(model, ids)["hidden_states"][-1]
    cos = (got * want).sum(-1) / (np.linalg.norm(got, axis=-1) * np.linalg.norm(want, axis=-1))
    print(f"float32 module vs float64 reference: min cosine {cos.min():.8f}")
    if cos.min() < 0.9999:
        sys.exit("the export module disagrees with the reference")
    n = 8
    example = (torch.ones(1, n, dtype=torch.int64), torch.ones(1, n, dtype=torch.int64),
               torch.zeros(1, n, dtype=torch.int64))
    axes = {0: "batch", 1: "sequence"}
    torch.onnx.export(net, example, str(args.out), opset_version=args.opset,
                      input_names=["input_ids", "attention_mask", "token_type_ids"],
                      output_names=["last_hidden_state"],
                      dynamic_axes={"input_ids": axes, "attention_mask": axes,
                                    "token_type_ids": axes, "last_hidden_state": axes},
                      do_constant_folding=True)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB, opset {args.opset})")


if __name__ == "__main__":
    main()
