#!/usr/bin/python3
"""Writes the GloVe vectors (from the npm wink JSON) in the formats people have, for the
loading benchmark: GloVe text (the numbers exactly as in the source), word2vec binary (gensim),
.npy + vocabulary. Usage: make_files.py WINK_JSON OUT_DIR"""
import json
import os
import sys

import numpy as np
from gensim.models import KeyedVectors


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    with open(src, encoding="utf-8") as f:
        data = json.load(f)
    dims, words = data["dimensions"], data["words"]
    rows = [None] * len(words)
    for w, v in data["vectors"].items():
        rows[int(v[data["wordIndex"]])] = v[:dims]
    with open(os.path.join(out, "glove.txt"), "w", encoding="utf-8") as f:
        for w, v in zip(words, rows):
            f.write(w + " " + " ".join(repr(x) if isinstance(x, float) else str(x) for x in v) + "\n")
    m = np.array(rows, dtype=np.float32)
    np.save(os.path.join(out, "glove.npy"), m)
    with open(os.path.join(out, "glove-vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(words) + "\n")
    kv = KeyedVectors(vector_size=dims)
    kv.add_vectors(words, m)
    kv.save_word2vec_format(os.path.join(out, "glove.w2v.bin"), binary=True)


if __name__ == "__main__":
    main()
