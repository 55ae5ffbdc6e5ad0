"""A made-up WordPiece vocab.txt for the random BERT models, so they can be run from text.

Layout (the special ids a reader must honour, also written to tokenizer_config.json):
  * vocab_size >= 200: standard BERT (bert-base-uncased) positions: [PAD]=0, [unused0..98]=1..99,
    [UNK]=100, [CLS]=101, [SEP]=102, [MASK]=103, then the content tokens;
  * smaller: [PAD]=0 [UNK]=1 [CLS]=2 [SEP]=3 [MASK]=4, then the content tokens.
Content, in order: punctuation, digits, a..z, ##a..##z, ##0..##9, some common English words,
common suffixes, then pseudo-words built from syllables until the vocab is full. Every
lowercase ASCII word therefore tokenizes without [UNK] (worst case letter by letter).
"""
import itertools

SPECIALS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")

_WORDS = """the of and to in is was river bank flood robbery postpone for on that with as by at it from he she they we you this
be are or an his her not but which have had one all were their there been has who more its
will would can if about out up what so when no time only new some these two may first then
do any like my now over such our man me even most made after also did many before must
through back years where much your way well down should because each just those people
how too little state good very make world still own see men work long get here between
both life being under never day same another know while last might us great old year off
come since against go came right used take three hello embedding explorer vector model
word words text sentence cat dog house tree car city music water light""".split()

_SUFFIXES = ("##s", "##es", "##ed", "##ing", "##ly", "##er", "##est", "##tion", "##ness",
             "##ment", "##able", "##ful", "##less", "##ize", "##ity", "##al")


def special_ids(vocab_size):
    """{token: id} of the five special tokens for this vocab size (see module doc)."""
    if vocab_size >= 200:
        return {"[PAD]": 0, "[UNK]": 100, "[CLS]": 101, "[SEP]": 102, "[MASK]": 103}
    return {t: i for i, t in enumerate(SPECIALS)}


def _pseudo_words():
    onsets = "b c d f g h j k l m n p r s t v w z br ch cl dr fl gr pl sh st th tr".split()
    vowels = "a e i o u ai ea ou".split()
    syllables = [o + v for o, v in itertools.product(onsets, vowels)]
    for n in itertools.count(2):
        for combo in itertools.product(syllables, repeat=n):
            w = "".join(combo)
            yield w
            yield "##" + w


def tokens(vocab_size):
    """The vocabulary as a list of exactly vocab_size unique tokens, index = id."""
    if vocab_size < 70:
        raise ValueError("vocab_size must be at least 70 to cover the characters")
    out = [None] * vocab_size
    for tok, i in special_ids(vocab_size).items():
        out[i] = tok
    if vocab_size >= 200:
        for i in range(1, 100):
            out[i] = f"[unused{i - 1}]"
    free = (i for i in range(vocab_size) if out[i] is None)
    letters = "abcdefghijklmnopqrstuvwxyz"
    content = itertools.chain(
        ".,!?'-:;()\"", "0123456789", letters, ("##" + c for c in letters),
        ("##" + d for d in "0123456789"), _WORDS, _SUFFIXES, _pseudo_words())
    seen = set(out) - {None}
    for i in free:
        tok = next(content)
        while tok in seen:
            tok = next(content)
        seen.add(tok)
        out[i] = tok
    return out


def write(folder, vocab_size, max_len):
    """vocab.txt, tokenizer_config.json and special_tokens_map.json into folder."""
    import json
    from pathlib import Path
    folder = Path(folder)
    (folder / "vocab.txt").write_text("\n".join(tokens(vocab_size)) + "\n")
    specials = {"pad_token": "[PAD]", "unk_token": "[UNK]", "cls_token": "[CLS]",
                "sep_token": "[SEP]", "mask_token": "[MASK]"}
    (folder / "special_tokens_map.json").write_text(json.dumps(specials, indent=2) + "\n")
    cfg = {"tokenizer_class": "BertTokenizer", "do_lower_case": True, "strip_accents": None,
           "tokenize_chinese_chars": True, "model_max_length": max_len, **specials}
    (folder / "tokenizer_config.json").write_text(json.dumps(cfg, indent=2) + "\n")
