// The table the explorer shows, and the one being loaded. Bytes arrive in chunks from the
// platform (fetch stream, file read); the session detects the format, feeds the importer and
// decides which table is active:
//   - a streaming table becomes active as soon as it has rows when nothing else is loaded
//     (the default table is searchable after its first block);
//   - a replacement becomes active only when it loaded completely, so a bad file never costs
//     the user the table they had (whole, or the rows of one still streaming in);
//   - if a load fails with nothing to fall back to, the rows that did arrive stay usable.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/tokenizer_reader.hpp"
#include "core/embedding_table.hpp"
#include "core/status.hpp"
#include "formats/detect.hpp"
#include "formats/importer.hpp"

namespace embx {
class Tokenizer;
}

namespace embx::app {

struct LoadProgress {
    bool active = false;        // a load is in progress
    std::string name;
    uint64_t bytes = 0, total_bytes = 0;  // total 0 = unknown
    uint64_t rows = 0, total_rows = 0;
    double seconds = 0;
};

class TableSession {
public:
    // Starts loading `name` (shown to the user); any unfinished previous load is dropped.
    void begin(std::string name, uint64_t total_bytes, double now_seconds);
    // Returns false once the load has failed (the error is in last_error()).
    bool feed(const uint8_t* data, size_t n, double now_seconds);
    bool finish(double now_seconds);
    // Makes a table made in the app (a trained model) the active one; any unfinished load is
    // dropped (the user chose this table since).
    void adopt(std::shared_ptr<EmbeddingTable> table, std::string notice);
    // The platform could not deliver the bytes (network error...).
    void abort(const std::string& why);
    // Bytes the next load may use (the wasm heap's room, say); 0 = no limit. A load whose
    // header announces a bigger table is refused right after the header, before the bulk
    // of the file is read, and the current table stays.
    void set_memory_available(uint64_t bytes) { memory_available_ = bytes; }

    // The table to search and show (may still be filling); null before anything loaded.
    const std::shared_ptr<EmbeddingTable>& active() const { return active_; }
    bool loading() const { return load_ != nullptr; }
    LoadProgress progress() const;
    const std::string& last_error() const { return error_; }
    const std::string& last_notice() const { return notice_; }
    // Incremented whenever the active table changes or gains rows (for result caches).
    uint64_t generation() const { return generation_; }
    // The active table's own tokenizer (embedded tokenizer.json), parsed once per table; null
    // when it has none, an error (naming the table) when it has one we cannot run. With
    // background threads the parse runs on a thread of its own: tokenizer() waits for it (the
    // JS API, tests), tokenizer_if_ready() does not (the UI: nullopt while it is being read).
    Expected<std::shared_ptr<const Tokenizer>> tokenizer() const;
    std::optional<Expected<std::shared_ptr<const Tokenizer>>> tokenizer_if_ready() const;
    void set_background_threads(bool on) { tokenizer_reader_.set_background(on); }

private:
    struct Load {
        std::string name;
        uint64_t total = 0, received = 0;
        double started = 0, last = 0;
        std::vector<uint8_t> head;  // first bytes, kept until the format is known
        std::unique_ptr<Importer> importer;
    };

    bool fail(const std::string& why);
    bool start_importer();
    void refresh_active();

    std::shared_ptr<EmbeddingTable> active_;
    std::shared_ptr<EmbeddingTable> fallback_;  // the table shown (whole or partial) while a replacement loads
    std::unique_ptr<Load> load_;
    std::string error_, notice_;
    uint64_t generation_ = 0;
    size_t last_rows_ = 0;
    uint64_t memory_available_ = 0;
    mutable TokenizerReader tokenizer_reader_;  // tokenizer()'s parse and cache
};

}  // namespace embx::app
