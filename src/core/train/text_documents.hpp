// Documents from a text file the user opened or dropped (the Classroom's TF-IDF collection):
// the whole file as one document, or each non-blank line as one. The bytes are checked before
// anything is added: valid UTF-8 (a byte-order mark is skipped), no zero byte (a binary file),
// and limits that keep the Classroom's live views responsive. Errors name the file and, for
// bad bytes, the byte offset; nothing is returned on error, so the caller keeps what it had.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace embx {

struct TextDocumentLimits {
    size_t max_file_bytes = 1'000'000;
    size_t max_documents = 1000;  // in the whole collection
    size_t max_total_bytes = 2'000'000;  // the whole collection's text
    size_t documents_now = 0, bytes_now = 0;  // what the collection already holds
};

// One document per file has its line breaks and tabs turned into spaces (a document is one
// line of the Classroom's editable collection); lines lose a trailing '\r' and surrounding
// blanks. Errors: too large, binary, not UTF-8, no text, or too many documents.
Expected<std::vector<std::string>> split_text_documents(std::string_view name, std::string_view bytes, bool per_line,
                                                        const TextDocumentLimits& limits = {});

}  // namespace embx
