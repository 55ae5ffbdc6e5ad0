// Reference token ids: @lenml/tokenizers (a transformers.js fork) on any tokenizer.json.
//
//   node reference.mjs --tokenizer DIR_OR_JSON --corpus corpus.jsonl [--special] > ref.jsonl
//   node reference.mjs --tokenizer DIR_OR_JSON --lines raw.txt [--special] > ref.jsonl
//
// --lines: each non-empty line of a raw file, bytes decoded by TextDecoder (each maximal
// invalid UTF-8 sequence becomes one U+FFFD), as `embx tokenize --lines` reads it.
// corpus.jsonl holds one JSON string per line. Prints one {"text", "ids", "tokens"} object per
// line, in corpus order (tokens are the vocabulary strings of the ids). tokenizer_config.json is
// read from beside tokenizer.json when present: transformers.js picks the tokenizer class from it
// (LlamaTokenizer's `legacy`, BertTokenizer, ...), so leaving it out could change the ids.
// --special: add_special_tokens (the post-processor's BOS/CLS/SEP); added tokens written in the
// text are always matched, as in Hugging Face's encode().
// On stderr: the ids of a check sentence, then the encoding speed in MB/s of UTF-8 text (a lone
// surrogate counts as U+FFFD's 3 bytes), timed after a first pass that warms the JIT.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { TokenizerLoader } from "@lenml/tokenizers";

function parseArgs(argv) {
  const a = { tokenizer: null, corpus: null, lines: null, special: false };
  for (let i = 0; i < argv.length; ++i) {
    const k = argv[i];
    if (k === "--tokenizer" || k === "--corpus" || k === "--lines") a[k.slice(2)] = argv[++i];
    else if (k === "--special") a.special = true;
    else {
      console.error(`reference.mjs: unknown argument ${k}`);
      process.exit(2);
    }
  }
  if (!a.tokenizer || !(a.corpus || a.lines)) {
    console.error("usage: node reference.mjs --tokenizer DIR_OR_JSON --corpus corpus.jsonl [--special]");
    process.exit(2);
  }
  return a;
}

function loadTokenizer(path) {
  const file = statSync(path).isDirectory() ? join(path, "tokenizer.json") : path;
  const configFile = join(dirname(file), "tokenizer_config.json");
  const tokenizerJSON = JSON.parse(readFileSync(file, "utf8"));
  const tokenizerConfig = existsSync(configFile) ? JSON.parse(readFileSync(configFile, "utf8")) : {};
  return TokenizerLoader.fromPreTrained({ tokenizerJSON, tokenizerConfig });
}

function rawLines(file) {
  const bytes = readFileSync(file);
  const decoder = new TextDecoder("utf-8", { fatal: false });
  const out = [];
  for (let start = 0; start < bytes.length;) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    if (end > start) out.push(decoder.decode(bytes.subarray(start, end)));
    start = end + 1;
  }
  return out;
}

function encodeAll(tokenizer, texts, special) {
  return texts.map((t) => tokenizer.encode(t, { add_special_tokens: special }));
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const tokenizer = loadTokenizer(args.tokenizer);
  const texts = args.lines ? rawLines(args.lines) : readFileSync(args.corpus, "utf8")
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line, i) => {
      const t = JSON.parse(line);
      if (typeof t !== "string") throw new Error(`${args.corpus}:${i + 1}: not a JSON string`);
      return t;
    });

  const check = "HTML coders are not considered programmers";
  console.error(`reference: ${args.tokenizer}: ${JSON.stringify(check)} -> ` +
    tokenizer.encode(check, { add_special_tokens: args.special }).join(" "));

  const all = encodeAll(tokenizer, texts, args.special); // warm-up pass, also the output
  const model = tokenizer.model;
  // Three timed passes: the first with the BPE cache emptied, so its number is of tokenizing
  // rather than of cache hits; then the best of two with the cache warm (the machine is shared).
  const times = [];
  for (let pass = 0; pass < 3; ++pass) {
    if (pass === 0) model.clear_cache?.();
    const t0 = performance.now();
    const again = encodeAll(tokenizer, texts, args.special);
    times.push((performance.now() - t0) / 1000);
    again.forEach((ids, i) => {
      if (ids.join() !== all[i].join()) throw new Error(`line ${i + 1}: ids differ between passes`);
    });
  }

  const out = texts.map((text, i) =>
    JSON.stringify({ text, ids: all[i], tokens: model.convert_ids_to_tokens(all[i]) }));
  process.stdout.write(out.join("\n") + "\n");

  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, "utf8"), 0);
  const mb = bytes / 1e6;
  console.error(`reference: ${texts.length} lines, ${bytes} bytes: ` +
    `${(mb / times[0]).toFixed(2)} MB/s with the BPE cache emptied, ` +
    `${(mb / Math.min(...times.slice(1))).toFixed(2)} MB/s warm (best of 2)`);
}

main();
