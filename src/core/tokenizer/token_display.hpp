// A token as a person should see it in a table: spaces, newlines and raw bytes made visible.
// Byte-level BPE strings ("Ġcod", "Ċ", "Ã©") are turned back into their bytes first; a space
// shows as ␣, a newline as ↵, a tab as ⇥, and bytes that are not (yet) whole UTF-8 as <0xE2>.
// SentencePiece's ▁ word mark shows as ␣ too; WordPiece's ## stays (it means "continues").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace embx {

class Tokenizer;

std::string visible_token(const Tokenizer& tok, uint32_t id);
// The same for raw bytes (the input text a token stands for).
std::string visible_bytes(std::string_view bytes);

}  // namespace embx
