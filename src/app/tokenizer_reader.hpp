// A table's embedded tokenizer.json, parsed once per table, on a thread of its own when the
// platform has threads: an LLM's tokenizer.json is ~11 MB (0.3 s to parse here) and a hostile
// one can take seconds even within the parser's limits, which must not freeze the UI. The JSON
// is copied on the calling thread (a table still streaming in keeps changing), so the worker
// touches nothing the UI thread writes.
//
//   reader.wanted(table);          // starts (or keeps) the parse for this table
//   if (auto r = reader.ready())   // nullopt while still parsing
//   reader.wait()                  // the answer, waiting for it (the JS API, the CLI)
#pragma once

#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/embedding_table.hpp"
#include "core/status.hpp"

namespace embx {
class Tokenizer;
}

namespace embx::app {

using TokenizerAnswer = Expected<std::shared_ptr<const Tokenizer>>;

class TokenizerReader {
public:
    explicit TokenizerReader(bool background = false) : background_(background) {}
    void set_background(bool on) { background_ = on; }

    // The table whose tokenizer is wanted (null: none). A new table starts a parse; the answer
    // for the previous one is dropped (a parse still running finishes on its own).
    void wanted(const std::shared_ptr<const EmbeddingTable>& table);
    // The answer for the table last wanted, or nullopt while it is being parsed.
    std::optional<TokenizerAnswer> ready();
    TokenizerAnswer wait();

private:
    void drop_finished_retired();

    bool background_;
    std::weak_ptr<const EmbeddingTable> table_;
    bool have_table_ = false, wanted_none_ = false;
    std::optional<TokenizerAnswer> answer_;
    std::future<TokenizerAnswer> running_;
    // Parses for tables no longer wanted: a future from std::async waits for its thread when
    // destroyed, so these are kept until they finish instead of blocking the caller.
    std::vector<std::future<TokenizerAnswer>> retired_;
};

}  // namespace embx::app
