// Token strings are arbitrary bytes (LLM vocabularies hold partial UTF-8 sequences and control
// bytes). Before a token is drawn, put in a DOM node or written to an XML export it goes through
// escape_for_display: printable UTF-8 passes unchanged; what would be invisible or would change how
// the text around it reads is made visible:
//   - bytes that are not valid UTF-8, C0 controls and DEL become \xNN;
//   - C1 controls, bidirectional controls (U+202E...), zero-width and other invisible format
//     characters (U+200B, U+FEFF...), line/paragraph separators and noncharacters (U+FFFE...)
//     become \uXXXX (\UXXXXXXXX past the BMP): a word cannot reverse or hide its neighbours.
// unescape_display reverses it, so a word copied from the screen finds its row again.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace embx {

std::string escape_for_display(std::string_view bytes);

// The bytes a displayed word stands for: \xNN, \uXXXX and \UXXXXXXXX decoded, any other text
// kept. nullopt when `text` has no such escape (nothing to decode).
std::optional<std::string> unescape_display(std::string_view text);

}  // namespace embx
