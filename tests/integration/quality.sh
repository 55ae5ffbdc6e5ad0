#!/usr/bin/env bash
# Quantization quality on GloVe: recall@10 of the int8 and int4 tables against exact float32
# search over 1,000 query words. Targets: int8 >= 0.99, int4 >= 0.92 (block scales, dtype.hpp).
set -euo pipefail
embx=$1 source=$2
out=$("$embx" quality "$source" --queries 1000 --json)
echo "$out"
/usr/bin/python3 - "$out" <<'PY'
import json, sys
r = {d["dtype"]: d for d in json.loads(sys.argv[1])["dtypes"]}
need = {"i8": 0.99, "i4": 0.92}
bad = [f"{k}: recall {r[k]['recall_at_k']:.4f} < {v}" for k, v in need.items() if r[k]["recall_at_k"] < v]
print("\n".join(bad) or "quality targets met")
sys.exit(1 if bad else 0)
PY
