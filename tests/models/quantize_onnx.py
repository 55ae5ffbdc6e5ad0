#!/usr/bin/python3
"""Dynamic int8 quantization of an ONNX model's weight matrices, the way onnxruntime's
quantize_dynamic does it (onnxruntime's Python package is not available here): every MatMul
whose second input is a constant 2-D weight becomes

    DynamicQuantizeLinear(x) -> x_q (uint8), x_scale, x_zero
    MatMulInteger(x_q, W_q (int8, symmetric per output column), x_zero) -> int32
    Cast(float) * (x_scale * W_scale)

so onnxruntime-web runs the same int8 x uint8 kernels it runs for quantized transformers.js
models. bench/forward_peers.mjs compares its output with the float model's (cosine per token).

  /usr/bin/python3 tests/models/quantize_onnx.py model.onnx model-int8.onnx
"""
import argparse
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto


def quantize(model):
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    out_nodes, new_inits, done = [], [], 0
    for n in g.node:
        w = inits.get(n.input[1]) if n.op_type == "MatMul" and len(n.input) == 2 else None
        if w is None or len(w.dims) != 2 or w.data_type != TensorProto.FLOAT:
            out_nodes.append(n)
            continue
        W = numpy_helper.to_array(w)  # [in, out]
        scale = np.maximum(np.abs(W).max(axis=0), 1e-12) / 127.0  # per output column
        Wq = np.clip(np.rint(W / scale), -127, 127).astype(np.int8)
        p = f"{n.name or n.output[0]}_q"
        new_inits += [numpy_helper.from_array(Wq, p + "_W"),
                      numpy_helper.from_array(scale.astype(np.float32), p + "_Wscale"),
                      numpy_helper.from_array(np.array(0, np.int8), p + "_Wzero")]
        out_nodes += [
            helper.make_node("DynamicQuantizeLinear", [n.input[0]], [p + "_x", p + "_xs", p + "_xz"]),
            helper.make_node("MatMulInteger", [p + "_x", p + "_W", p + "_xz", p + "_Wzero"], [p + "_i32"]),
            helper.make_node("Cast", [p + "_i32"], [p + "_f"], to=TensorProto.FLOAT),
            helper.make_node("Mul", [p + "_xs", p + "_Wscale"], [p + "_s"]),
            helper.make_node("Mul", [p + "_f", p + "_s"], [n.output[0]]),
        ]
        done += 1
    used = {i for node in out_nodes for i in node.input}
    kept = [i for i in g.initializer if i.name in used]
    del g.node[:]
    g.node.extend(out_nodes)
    del g.initializer[:]
    g.initializer.extend(kept + new_inits)
    return done


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("out")
    a = ap.parse_args()
    m = onnx.load(a.model)
    n = quantize(m)
    if n == 0:
        sys.exit("quantize_onnx: no MatMul with a constant weight found")
    onnx.checker.check_model(m)
    onnx.save(m, a.out)
    print(f"wrote {a.out}: {n} MatMuls quantized to int8")


if __name__ == "__main__":
    main()
