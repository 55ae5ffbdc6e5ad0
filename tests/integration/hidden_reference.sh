#!/usr/bin/env bash
# `embx hidden` against the torch reference on the random-weight model set (f32 and int8),
# the same models packed by `embx convert-model`, then bad folders: each must fail with a message naming the problem.
#   hidden_reference.sh PYTHON "EMBX COMMAND" WORKDIR
set -euo pipefail
py=$1; embx=$2; work=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../models" && pwd)
rm -rf "$work" && mkdir -p "$work"
"$py" "$here/make_models.py" --out "$work/models" >/dev/null
"$py" "$here/compare_hidden.py" --embx "$embx" --models "$work/models"
"$py" "$here/compare_hidden.py" --embx "$embx" --models "$work/models" --dtype i8
# Packed into one .embxm (embx convert-model): the format read back independently, broken
# packs refused, and the packed models against the same torch references.
"$py" "$here/check_packed.py" --embx "$embx" --models "$work/models" --work "$work/packed-check"
"$py" "$here/compare_hidden.py" --embx "$embx" --models "$work/models" --packed f16 --pack-dir "$work/packed"
"$py" "$here/compare_hidden.py" --embx "$embx" --models "$work/models" --packed i8 --pack-dir "$work/packed" --dtype i8

# The same models as GGUF files laid out as llama.cpp's converter does (write_gguf.py: llama.cpp
# names, metadata, a Llama model's interleaved q/k rows), F32 and Q8_0 loaded as int8.
"$py" "$here/compare_hidden.py" --embx "$embx" --models "$work/models" --gguf f32 --pack-dir "$work/gguf"
"$py" "$here/compare_hidden.py" --embx "$embx" --models "$work/models" --gguf q8_0 --pack-dir "$work/gguf" --dtype i8

# A broken copy of a model folder, changed by a line of Python, must fail naming `expect`.
bad() {
  local name=$1 src=$2 expect=$3 change=$4
  cp -r "$work/models/$src" "$work/$name"
  (cd "$work/$name" && "$py" -c "$change")
  set +e
  out=$($embx hidden "$work/$name" --ids 1,2,3 --json 2>&1 >/dev/null)
  rc=$?
  set -e
  if [ $rc -eq 0 ] || ! grep -qF -- "$expect" <<<"$out"; then
    echo "FAIL $name: exit $rc, expected a message with '$expect', got: $out" >&2
    exit 1
  fi
  echo "PASS $name: $out"
}
cfg='import json; c = json.load(open("config.json")); '
bad no-config bert-f32 "no config.json" 'import os; os.remove("config.json")'
bad unknown-arch bert-f32 'model_type "gpt2" is not one we run' "$cfg"'c["model_type"] = "gpt2"; json.dump(c, open("config.json", "w"))'
bad rope-scaling llama-tied-f16 "rope_scaling" "$cfg"'c["rope_scaling"] = {"type": "linear", "factor": 2.0}; json.dump(c, open("config.json", "w"))'
bad shape bert-f32 "where config.json implies" "$cfg"'c["intermediate_size"] = 130; json.dump(c, open("config.json", "w"))'
bad missing-shard qwen2-gqa3-bf16-sharded "model-00002-of-00003.safetensors" 'import os; os.remove("model-00002-of-00003.safetensors")'
# Renaming a tensor in the header keeps the file valid but loses the tensor.
bad missing-tensor qwen2-mha-f32 "missing tensor model.norm.weight" \
  'd = open("model.safetensors", "rb").read(); open("model.safetensors", "wb").write(d.replace(b"model.norm.weight", b"model.norx.weight"))'
# A NaN as the first value of a tensor the forward pass reads.
bad nan bert-f32 "bert.embeddings.LayerNorm.weight holds a non-finite value" \
  'import json, struct; d = bytearray(open("model.safetensors", "rb").read()); n = struct.unpack("<Q", d[:8])[0]
at = 8 + n + json.loads(d[8:8 + n])["bert.embeddings.LayerNorm.weight"]["data_offsets"][0]
d[at:at + 4] = struct.pack("<f", float("nan")); open("model.safetensors", "wb").write(bytes(d))'

# A folder holding a broken copy of a GGUF model (the folder's one .gguf is the model).
bad_gguf() {
  mkdir -p "$work/models/gguf-src-$1" && cp "$work/gguf/qwen2-mha-f32-f32.gguf" "$work/models/gguf-src-$1/model.gguf"
  bad "$1" "gguf-src-$1" "$2" "$3"
}
g='import struct; d = bytearray(open("model.gguf", "rb").read()); '
w='; open("model.gguf", "wb").write(bytes(d))'
# The type field of a tensor's info (after its name, dimension count and dimensions).
info='n = b"blk.0.attn_q.weight"; i = d.index(n) + len(n); k = struct.unpack_from("<I", d, i)[0]; '
bad_gguf gguf-cut "runs past the end of the file" "$g"'d = d[:len(d) - 1000]'"$w"
bad_gguf gguf-header-cut "tensor infos cannot fit in the file (600 bytes)" "$g"'d = d[:600]'"$w"
bad_gguf gguf-arch 'general.architecture "qwen9" is not one we run' "$g"'d = d.replace(b"qwen2", b"qwen9", 1)'"$w"
bad_gguf gguf-missing "missing tensor output_norm.weight" "$g"'d = d.replace(b"output_norm.weight", b"output_norx.weight")'"$w"
bad_gguf gguf-type "blk.0.attn_q.weight is IQ4_NL; we run F32, F16, BF16 and Q8_0" "$g$info"'struct.pack_into("<I", d, i + 4 + 8 * k, 20)'"$w"
bad_gguf gguf-nan "model.norm.weight holds a non-finite value" 'import sys; sys.path.insert(0, "'"$here"'"); import safetensors_io, write_gguf
src = "'"$work/models/qwen2-mha-f32"'"; t, _ = safetensors_io.read_model(src); t["model.norm.weight"][3] = float("nan")
open("model.gguf", "wb").write(write_gguf.model_gguf(src, "f32", tensors=t))'
echo "hidden_reference: all passed"
