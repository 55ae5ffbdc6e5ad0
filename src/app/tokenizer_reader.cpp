#include "app/tokenizer_reader.hpp"

#include <chrono>
#include <utility>

#include "core/tokenizer/tokenizer.hpp"
#include "formats/table_tokenizer.hpp"

namespace embx::app {

namespace {

bool finished(const std::future<TokenizerAnswer>& f) {
    return f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

}  // namespace

void TokenizerReader::drop_finished_retired() {
    for (size_t i = 0; i < retired_.size();) {
        if (finished(retired_[i])) {
            retired_[i] = std::move(retired_.back());
            retired_.pop_back();
        } else {
            ++i;
        }
    }
}

void TokenizerReader::wanted(const std::shared_ptr<const EmbeddingTable>& table) {
    drop_finished_retired();
    const bool same = have_table_ && (table ? table_.lock() == table : wanted_none_);
    if (same) return;
    if (running_.valid()) retired_.push_back(std::move(running_));
    answer_.reset();
    table_ = table;
    wanted_none_ = !table;
    have_table_ = true;
    const std::string* json = table ? embedded_tokenizer_json(*table) : nullptr;
    if (!json) {
        answer_ = TokenizerAnswer(std::shared_ptr<const Tokenizer>());
        return;
    }
    std::string source = embedded_tokenizer_source(*table);
    if (!background_) {
        answer_ = parse_embedded_tokenizer(source, *json);
        return;
    }
    running_ = std::async(std::launch::async,
                          [source = std::move(source), copy = *json] { return parse_embedded_tokenizer(source, copy); });
}

std::optional<TokenizerAnswer> TokenizerReader::ready() {
    drop_finished_retired();
    if (!answer_ && running_.valid() && finished(running_)) answer_ = running_.get();
    return answer_;
}

TokenizerAnswer TokenizerReader::wait() {
    if (!answer_ && running_.valid()) answer_ = running_.get();
    if (!answer_) return std::shared_ptr<const Tokenizer>();  // nothing wanted yet
    return *answer_;
}

}  // namespace embx::app
