#include "formats/wink_json.hpp"

#include <cmath>
#include <map>
#include <vector>

#include <fast_float/fast_float.h>

#include "formats/json_stream.hpp"
#include "formats/table_fit.hpp"

namespace embx {

namespace {

class WinkHandler final : public JsonHandler {
public:
    WinkHandler(std::string name, ImportOptions opt) : name_(std::move(name)), opt_(opt) {}

    bool begin_object() override {
        ++depth_;
        if (depth_ == 2 && key_ == "vectors") return start_vectors();
        return true;
    }
    bool end_object() override {
        if (depth_ == 2 && in_vectors_) in_vectors_ = false;
        --depth_;
        return true;
    }
    bool begin_array() override {
        ++depth_;
        if (depth_ == 2 && key_ == "words") in_words_ = true;
        if (depth_ == 3 && in_vectors_) {
            in_vector_ = true;
            vec_.clear();
        }
        return true;
    }
    bool end_array() override {
        if (depth_ == 2) in_words_ = false;
        if (depth_ == 3 && in_vector_) {
            in_vector_ = false;
            if (!finish_vector()) return false;
        }
        --depth_;
        return true;
    }
    bool key(std::string_view k) override {
        key_.assign(k.data(), k.size());
        return true;
    }
    bool string(std::string_view s) override {
        if (in_words_ && depth_ == 2) {
            if (size_ && words_.size() >= size_)
                return reject("'words' holds more entries than 'size' (" + std::to_string(size_) + ")");
            words_.emplace_back(s);
        }
        return true;
    }
    bool number(std::string_view t) override {
        float v;
        const auto r = fast_float::from_chars(t.data(), t.data() + t.size(), v);
        if (r.ec != std::errc() || r.ptr != t.data() + t.size() || !std::isfinite(v))
            return reject("number '" + std::string(t) + "' is out of float range");
        if (in_vector_) {
            if (vec_.size() >= size_t(dims_) + 2)
                return reject("vector of '" + key_ + "' has more than dimensions + 2 values");
            vec_.push_back(v);
            return true;
        }
        if (depth_ == 1) return header_number(v);
        return true;
    }
    bool literal(std::string_view) override { return true; }

    const std::shared_ptr<EmbeddingTable>& table() const { return table_; }
    bool all_rows_in() const { return table_ && table_->rows() == target_rows_; }

    Status check_complete() const {
        if (!table_) return Error{name_ + ": no 'vectors' object found (is this a wink embeddings JSON?)"};
        if (table_->rows() < target_rows_)
            return Error{name_ + ": vector for row " + std::to_string(table_->rows()) + " ('" +
                         (table_->rows() < words_.size() ? words_[table_->rows()] : std::string("?")) +
                         "') is missing; " + std::to_string(table_->rows()) + " of " +
                         std::to_string(target_rows_) + " rows were read"};
        return Status::success();
    }

private:
    bool reject(std::string why) {
        error = std::move(why);
        return false;
    }

    bool header_number(float v) {
        auto as_count = [&](uint64_t max, uint64_t& out) {
            if (!(v >= 0 && v <= float(max) && v == std::floor(v)))
                return reject("'" + key_ + "' must be a whole number in 0.." + std::to_string(max));
            out = uint64_t(v);
            return true;
        };
        uint64_t u = 0;
        if (key_ == "dimensions") {
            if (!as_count(65536, u)) return false;
            if (u == 0) return reject("'dimensions' is 0");
            dims_ = uint32_t(u);
        } else if (key_ == "size") {
            if (!as_count(1ull << 31, u)) return false;
            size_ = u;
        } else if (key_ == "l2NormIndex") {
            if (!as_count(65537, u)) return false;
            norm_index_ = uint32_t(u);
        } else if (key_ == "wordIndex") {
            if (!as_count(65537, u)) return false;
            word_index_ = uint32_t(u);
        }
        return true;
    }

    bool start_vectors() {
        if (dims_ == 0) return reject("'dimensions' must appear before 'vectors'");
        if (size_ == 0) return reject("'size' must appear before 'vectors'");
        if (word_index_ == UINT32_MAX) word_index_ = dims_ + 1;
        if (norm_index_ == UINT32_MAX) norm_index_ = dims_;
        if (word_index_ < dims_ || word_index_ > dims_ + 1)
            return reject("'wordIndex' must point after the vector values");
        target_rows_ = opt_.limit ? std::min<uint64_t>(opt_.limit, size_) : size_;
        if (Status fits = check_table_fits(name_, target_rows_, opt_.dtype, dims_, opt_.memory_limit); !fits.ok())
            return reject(fits.error());
        TableInfo info;
        info.name = name_;
        info.dtype = opt_.dtype;
        info.dims = dims_;
        info.expected_rows = target_rows_;
        info.memory_limit = opt_.memory_limit;
        table_ = std::make_shared<EmbeddingTable>(std::move(info));
        in_vectors_ = true;
        return true;
    }

    bool finish_vector() {
        if (vec_.size() != size_t(dims_) + 2)
            return reject("vector of '" + key_ + "' has " + std::to_string(vec_.size()) +
                          " values, expected " + std::to_string(dims_ + 2));
        const float fi = vec_[word_index_];
        if (!(fi >= 0 && fi < float(size_) && fi == std::floor(fi)))
            return reject("vector of '" + key_ + "' has an invalid index");
        const auto index = uint64_t(fi);
        if (index < words_.size() && words_[index] != key_)
            return reject("vector of '" + key_ + "' has index " + std::to_string(index) +
                          " but words[" + std::to_string(index) + "] is '" + words_[index] + "'");
        if (index >= target_rows_) return true;  // beyond --limit
        if (index < table_->rows() || pending_.count(index))
            return reject("two vectors share index " + std::to_string(index));
        std::vector<float> values(vec_.begin(), vec_.begin() + dims_);
        if (index != table_->rows()) {  // out of order: park it until its turn
            pending_.emplace(index, Row{key_, std::move(values)});
            return true;
        }
        if (!append(key_, values)) return false;
        for (auto it = pending_.begin(); it != pending_.end() && it->first == table_->rows();
             it = pending_.erase(it)) {
            if (!append(it->second.word, it->second.values)) return false;
        }
        return true;
    }

    bool append(const std::string& word, const std::vector<float>& values) {
        switch (table_->append_float_row(word, values.data())) {
            case EmbeddingTable::Append::Added: return true;
            case EmbeddingTable::Append::Duplicate: return reject("duplicate word '" + word + "'");
            case EmbeddingTable::Append::NoMemory: return reject(out_of_memory(*table_));
        }
        return false;
    }

    struct Row {
        std::string word;
        std::vector<float> values;
    };

    std::string name_;
    ImportOptions opt_;
    int depth_ = 0;
    std::string key_;
    bool in_words_ = false, in_vectors_ = false, in_vector_ = false;
    uint32_t dims_ = 0, norm_index_ = UINT32_MAX, word_index_ = UINT32_MAX;
    uint64_t size_ = 0, target_rows_ = 0;
    std::vector<std::string> words_;
    std::vector<float> vec_;
    std::map<uint64_t, Row> pending_;
    std::shared_ptr<EmbeddingTable> table_;
};

class WinkJsonImporter final : public Importer {
public:
    WinkJsonImporter(std::string name, ImportOptions opt)
        : handler_(name, opt), parser_(handler_, name) {}

    Status feed(const uint8_t* data, size_t n) override {
        return parser_.feed(reinterpret_cast<const char*>(data), n);
    }
    Status finish() override {
        if (Status s = parser_.finish(); !s.ok()) return s;
        if (Status s = handler_.check_complete(); !s.ok()) return s;
        finished_ = true;
        return Status::success();
    }
    std::shared_ptr<EmbeddingTable> table() const override { return handler_.table(); }
    bool complete() const override { return finished_; }

private:
    WinkHandler handler_;
    JsonStreamParser parser_;
    bool finished_ = false;
};

}  // namespace

std::unique_ptr<Importer> make_wink_json_importer(std::string source_name, ImportOptions opt) {
    return std::make_unique<WinkJsonImporter>(std::move(source_name), opt);
}

}  // namespace embx
