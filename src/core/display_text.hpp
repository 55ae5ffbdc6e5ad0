// Token strings are arbitrary bytes (LLM vocabularies hold partial UTF-8 sequences and control
// bytes). Before a token is drawn or put in a DOM node it goes through this: valid UTF-8
// passes unchanged, anything else becomes a visible \xNN escape.
#pragma once

#include <string>
#include <string_view>

namespace embx {

std::string escape_for_display(std::string_view bytes);

}  // namespace embx
