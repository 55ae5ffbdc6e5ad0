#include "app/table_session.hpp"

#include <algorithm>
#include <cstdio>

#include "core/byte_size.hpp"

namespace embx::app {

namespace {
constexpr size_t kDetectBytes = 64;  // enough for every magic number we know
}  // namespace

void TableSession::begin(std::string name, uint64_t total_bytes, double now) {
    load_ = std::make_unique<Load>();
    load_->name = std::move(name);
    load_->total = total_bytes;
    load_->started = load_->last = now;
    error_.clear();
    notice_ = "loading " + load_->name;
    // Whatever is shown now stays until the new table is complete, and is what a failed load
    // leaves: a table still streaming in too (its load is dropped, the rows it has stay).
    if (active_) fallback_ = active_;
}

bool TableSession::fail(const std::string& why) {
    error_ = why;
    notice_.clear();
    if (load_ && load_->importer) {
        auto partial = load_->importer->table();
        if (fallback_) {
            active_ = fallback_;  // the previous table stays
        } else if (partial && partial->rows() > 0) {
            active_ = partial;  // nothing to go back to: keep the rows that arrived
            error_ += " (" + std::to_string(partial->rows()) + " rows that did arrive remain searchable)";
        }
    }
    load_.reset();
    ++generation_;
    return false;
}

void TableSession::abort(const std::string& why) {
    if (!load_) return;
    const bool named = why.compare(0, load_->name.size() + 1, load_->name + ":") == 0;
    fail(named ? why : load_->name + ": " + why);  // "x.embx: HTTP 404", not "x.embx: x.embx: ..."
}

bool TableSession::start_importer() {
    auto format = detect_format(load_->head.data(), load_->head.size(), load_->name);
    if (!format) return fail(format.error());
    // The memory limit makes the importer refuse a header announcing more rows than fit before
    // it allocates anything (and stops growth there), instead of the allocator aborting the page.
    ImportOptions opt;
    opt.memory_limit = memory_available_;
    auto importer = make_importer(*format, load_->name, opt, load_->total);
    if (!importer) return fail(importer.error());
    load_->importer = std::move(*importer);
    std::vector<uint8_t> head;
    head.swap(load_->head);
    if (Status s = load_->importer->feed(head.data(), head.size()); !s.ok()) return fail(s.error());
    return true;
}

bool TableSession::feed(const uint8_t* data, size_t n, double now) {
    if (!load_) return false;
    load_->received += n;
    load_->last = now;
    if (!load_->importer) {
        const size_t take = std::min(n, kDetectBytes - load_->head.size());
        load_->head.insert(load_->head.end(), data, data + take);
        data += take;
        n -= take;
        if (load_->head.size() < kDetectBytes) return true;
        if (!start_importer()) return false;
    }
    if (n > 0) {
        if (Status s = load_->importer->feed(data, n); !s.ok()) return fail(s.error());
    }
    refresh_active();
    return true;
}

void TableSession::adopt(std::shared_ptr<EmbeddingTable> table, std::string notice) {
    if (!table) return;
    load_.reset();
    active_ = std::move(table);
    fallback_.reset();
    error_.clear();
    notice_ = std::move(notice);
    last_rows_ = active_->rows();
    ++generation_;
}

bool TableSession::finish(double now) {
    if (!load_) return false;
    load_->last = now;
    if (!load_->importer) {
        if (load_->head.empty()) return fail(load_->name + ": file is empty");
        if (!start_importer()) return false;
    }
    if (Status s = load_->importer->finish(); !s.ok()) return fail(s.error());
    auto table = load_->importer->table();
    if (!table || table->rows() == 0) return fail(load_->name + ": no rows found");
    active_ = table;
    fallback_.reset();
    char buf[160];
    std::snprintf(buf, sizeof buf, "loaded %zu words x %u dims (%s) in %.2f s", table->rows(),
                  table->dims(), human_bytes(load_->received).c_str(), now - load_->started);
    notice_ = buf;
    load_.reset();
    ++generation_;
    return true;
}

void TableSession::refresh_active() {
    auto partial = load_->importer->table();
    if (!partial) return;
    if (!fallback_ && partial->rows() > 0 && active_ != partial) active_ = partial;
    if (active_ == partial && partial->rows() != last_rows_) {
        last_rows_ = partial->rows();
        ++generation_;
    }
}

LoadProgress TableSession::progress() const {
    LoadProgress p;
    if (!load_) return p;
    p.active = true;
    p.name = load_->name;
    p.bytes = load_->received;
    p.total_bytes = load_->total;
    p.seconds = load_->last - load_->started;
    if (load_->importer) {
        if (auto t = load_->importer->table()) {
            p.rows = t->rows();
            p.total_rows = t->info().expected_rows;
        }
    }
    return p;
}

Expected<std::shared_ptr<const Tokenizer>> TableSession::tokenizer() const {
    // A table still streaming in has its metadata already (it comes before the rows).
    tokenizer_reader_.wanted(active_);
    return tokenizer_reader_.wait();
}

std::optional<Expected<std::shared_ptr<const Tokenizer>>> TableSession::tokenizer_if_ready() const {
    tokenizer_reader_.wanted(active_);
    return tokenizer_reader_.ready();
}

}  // namespace embx::app
