#!/usr/bin/env python3
"""`embx tokenize --json` with the real Qwen tokenizer.json against the reference tokenizer
(@lenml/tokenizers in node, via tokenize_reference.mjs), on varied sentences: every id and
token string must agree. Also checks the known ids of "HTML coders are not considered
programmers" and that unsupported tokenizers are refused with a clear message.

Usage: tokenize_vs_reference.py --embx build/.../embx --tokenizer .../tokenizer.json --workdir DIR
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

SENTENCES = [
    "HTML coders are not considered programmers",
    "AI agents will be the most hot topic of artificial intelligence in 2025.",
    "The year 2025 follows 2024; 12345 and 3.14159 are numbers, so is 1,000,000.",
    "Hello, world! How are you?",
    "I'm sure you'll like it, they've said we'd go, it's John's and THEY'RE here.",
    "Don'T SHOUT'S 'LL 'VE 'M 'D",
    "multiple   spaces    between     words",
    "trailing spaces   ",
    "   leading spaces",
    "line one\nline two\n\nline four\r\nwindows line",
    "tabs\tand\t\tmore tabs \t mixed",
    "Café, naïve, résumé, façade, Zoë, jalapeño, crème brûlée",
    "Cafe\u0301 with a combining accent (NFC makes it é)",
    "Ünïcödé ÄÖÜ äöü ß ẞ",
    "我爱自然语言处理。今天天气很好！",
    "日本語のテキスト、カタカナとひらがな。",
    "한국어 문장도 있습니다.",
    "Привет, мир! Как дела?",
    "مرحبا بالعالم",
    "Emoji: 😀 🎉 👍🏽 👨‍👩‍👧 ❤️ 🇫🇷",
    "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n",
    "before<|endoftext|>after <|endoftext|> spaced",
    "<tool_call>{\"name\": \"f\"}</tool_call>",
    "def f(x):\n    return x ** 2  # square\n",
    "if (a != b && c >= d) { x += 1; } // C++ code",
    "https://example.com/path?query=1&x=y#frag",
    "email@example.org, $100.00, 50% off, #hashtag, @mention",
    "!!!??? ... --- *** ((( )))",
    "Numbers: ①②③ Ⅻ ½ ¾ ٣٤٥ ０１２",
    "x\u00a0nbsp\u2003em-space\u3000ideographic",
    "a\n\n\n",
    "",
    " ",
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
]

KNOWN = ("HTML coders are not considered programmers", [5835, 20329, 388, 525, 537, 6509, 54846])


def embx_tokenize(embx, tokenizer, text):
    r = subprocess.run([embx, "tokenize", "--tokenizer", tokenizer, "--json", "--", text],
                       capture_output=True, text=True, encoding="utf-8")
    if r.returncode != 0:
        raise RuntimeError(f"embx tokenize failed on {text!r}: {r.stderr}")
    return json.loads(r.stdout)


def reference(sentences):
    r = subprocess.run(["node", os.path.join(HERE, "tokenize_reference.mjs")], input=json.dumps(sentences),
                       capture_output=True, text=True, encoding="utf-8", cwd=HERE)
    if r.returncode != 0:
        raise RuntimeError(f"reference tokenizer failed: {r.stderr}")
    return json.loads(r.stdout)


def check_refusals(embx, tokenizer, workdir):
    """Tokenizers we do not implement must be refused, naming what was found."""
    with open(tokenizer, encoding="utf-8") as f:
        base = json.load(f)
    cases = []
    wp = {"version": "1.0", "added_tokens": [], "normalizer": None, "pre_tokenizer": None,
          "model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "a": 1}}}
    cases.append(("wordpiece", wp, "unsupported tokenizer model 'WordPiece'"))
    other = dict(base)
    other["pre_tokenizer"] = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    cases.append(("gpt2-pre", other, "unsupported pre_tokenizer 'ByteLevel'"))
    lower = dict(base)
    lower["normalizer"] = {"type": "Lowercase"}
    cases.append(("lowercase", lower, "unsupported normalizer 'Lowercase'"))
    ok = True
    for name, doc, expect in cases:
        path = os.path.join(workdir, f"refuse-{name}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f)
        r = subprocess.run([embx, "tokenize", "--tokenizer", path, "x"], capture_output=True, text=True)
        good = r.returncode != 0 and expect in r.stderr
        print(f"{'ok ' if good else 'BAD'} refuses {name}: {r.stderr.strip()[:160]}")
        ok &= good
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--embx", required=True)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--workdir", required=True)
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)

    ref = reference(SENTENCES)
    agree = 0
    for text, want in zip(SENTENCES, ref):
        got = embx_tokenize(a.embx, a.tokenizer, text)
        got_ids = [t["id"] for t in got]
        got_tokens = [t["token"] for t in got]
        if got_ids == want["ids"] and got_tokens == want["tokens"]:
            agree += 1
        else:
            print(f"DIFFERENT {text!r}\n  embx:      {got_ids} {got_tokens}\n  reference: {want['ids']} {want['tokens']}")
    print(f"{agree}/{len(SENTENCES)} sentences agree with @lenml/tokenizers")

    known_ids = [t["id"] for t in embx_tokenize(a.embx, a.tokenizer, KNOWN[0])]
    known_ok = known_ids == KNOWN[1]
    print(f"{'ok ' if known_ok else 'BAD'} {KNOWN[0]!r} -> {known_ids}")

    refusals_ok = check_refusals(a.embx, a.tokenizer, a.workdir)
    return 0 if agree == len(SENTENCES) and known_ok and refusals_ok else 1


if __name__ == "__main__":
    sys.exit(main())
