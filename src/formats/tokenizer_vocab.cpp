#include "formats/tokenizer_vocab.hpp"

#include <algorithm>

#include "formats/json_stream.hpp"

namespace embx {

namespace {

constexpr uint64_t kMaxId = (1ull << 31) - 1;
// Ids may leave holes, but not so many that a tiny file names billions of "<unused N>" rows.
constexpr uint64_t kMaxHoles = 1u << 20;

}  // namespace

// Picks the vocabulary out of the JSON events. Depth counts open containers: the top object
// is depth 1, "model" and "added_tokens" depth 2, "model.vocab" and each added token depth 3.
class TokenizerVocabReader::Handler final : public JsonHandler {
public:
    explicit Handler(const std::string& name) : parser(*this, name) {}

    JsonStreamParser parser;

    struct Entry {
        uint64_t id;
        std::string token;
        uint64_t offset;  // where its id was read, for messages
    };
    std::vector<Entry> entries;
    bool saw_vocab = false;
    size_t added_count = 0;

    bool begin_object() override { return open(false); }
    bool begin_array() override { return open(true); }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }

    bool key(std::string_view k) override {
        if (depth_ == 1) top_key_.assign(k);
        else if (depth_ == 2 && in_model_) model_key_.assign(k);
        else if (depth_ == 3 && vocab_ == Vocab::Object) token_.assign(k);
        else if (depth_ == 3 && in_added_) field_.assign(k);
        return true;
    }

    bool string(std::string_view s) override {
        if (depth_ == 3 && vocab_ == Vocab::Object) return not_an_id("a string");
        if (depth_ == 3 && vocab_ == Vocab::Array) return reject("model.vocab entries must be [token, score] arrays");
        if (depth_ == 3 && in_added_ && field_ == "content") {
            token_.assign(s);
            has_content_ = true;
        } else if (depth_ == 3 && in_added_ && field_ == "id") {
            return reject("added_tokens[" + std::to_string(added_count) + "].id must be a number");
        } else if (depth_ == 4 && vocab_ == Vocab::Array) {
            if (entry_pos_++ == 0) token_.assign(s);
        }
        return true;
    }

    bool number(std::string_view t) override {
        if (depth_ == 3 && vocab_ == Vocab::Object) return add(token_, t);
        if (depth_ == 3 && vocab_ == Vocab::Array) return reject("model.vocab entries must be [token, score] arrays");
        if (depth_ == 3 && in_added_ && field_ == "id") {
            if (!parse_id(t, id_)) return bad_id(t);
            has_id_ = true;
        } else if (depth_ == 4 && vocab_ == Vocab::Array) {
            if (entry_pos_++ == 0)
                return reject("model.vocab entry " + std::to_string(unigram_id_) + " must start with its token string");
        }
        return true;
    }

    bool literal(std::string_view w) override {
        if (depth_ == 3 && vocab_ == Vocab::Object) return not_an_id(std::string(w).c_str());
        if (depth_ == 3 && vocab_ == Vocab::Array) return reject("model.vocab entries must be [token, score] arrays");
        if (depth_ == 3 && in_added_ && field_ == "id")
            return reject("added_tokens[" + std::to_string(added_count) + "].id must be a number");
        if (depth_ == 4 && vocab_ == Vocab::Array) ++entry_pos_;
        return true;
    }

private:
    enum class Vocab { None, Object, Array };

    bool reject(std::string why) {
        error = std::move(why);
        return false;
    }
    bool not_an_id(const char* what) {
        return reject("model.vocab[\"" + token_ + "\"] must be a token id, not " + what);
    }
    bool bad_id(std::string_view t) {
        return reject("token id " + std::string(t) + " is not an integer in 0.." + std::to_string(kMaxId));
    }

    static bool parse_id(std::string_view t, uint64_t& out) {
        if (t.empty() || t.size() > 10) return false;
        uint64_t v = 0;
        for (char c : t) {
            if (c < '0' || c > '9') return false;  // no sign, fraction or exponent
            v = v * 10 + uint64_t(c - '0');
        }
        if (v > kMaxId) return false;
        out = v;
        return true;
    }

    bool add(const std::string& token, std::string_view id_text) {
        uint64_t id;
        if (!parse_id(id_text, id)) return bad_id(id_text);
        entries.push_back({id, token, parser.offset()});
        return true;
    }

    bool open(bool array) {
        ++depth_;
        if (depth_ == 2 && top_key_ == "model" && !array) in_model_ = true;
        if (depth_ == 2 && top_key_ == "added_tokens" && array) in_added_ = true;
        if (depth_ == 3 && in_model_ && model_key_ == "vocab") {
            if (saw_vocab) return reject("model.vocab appears twice");
            saw_vocab = true;
            vocab_ = array ? Vocab::Array : Vocab::Object;
            return true;
        }
        if (depth_ == 3 && in_added_) {
            if (array) return reject("added_tokens[" + std::to_string(added_count) + "] must be an object");
            has_id_ = has_content_ = false;
            field_.clear();
        }
        if (depth_ == 4 && vocab_ == Vocab::Object) return not_an_id(array ? "an array" : "an object");
        if (depth_ == 4 && vocab_ == Vocab::Array) {
            if (!array) return reject("model.vocab entries must be [token, score] arrays");
            entry_pos_ = 0;
        }
        if (depth_ == 5 && vocab_ == Vocab::Array) return reject("model.vocab entries must be [token, score] arrays");
        return true;
    }

    bool close() {
        if (depth_ == 4 && vocab_ == Vocab::Array) {
            if (entry_pos_ == 0) return reject("model.vocab entry " + std::to_string(unigram_id_) + " is empty");
            if (unigram_id_ > kMaxId) return reject("model.vocab has more than 2^31 entries");
            entries.push_back({unigram_id_++, token_, parser.offset()});
        }
        if (depth_ == 3 && in_added_) {
            const std::string which = "added_tokens[" + std::to_string(added_count) + "]";
            if (!has_id_) return reject(which + " has no \"id\"");
            if (!has_content_) return reject(which + " has no \"content\"");
            entries.push_back({id_, token_, parser.offset()});
            ++added_count;
        }
        if (depth_ == 3) vocab_ = Vocab::None;
        if (depth_ == 2) in_model_ = in_added_ = false;
        --depth_;
        return true;
    }

    int depth_ = 0;
    std::string top_key_, model_key_, field_, token_;
    bool in_model_ = false, in_added_ = false, has_id_ = false, has_content_ = false;
    Vocab vocab_ = Vocab::None;
    uint64_t id_ = 0, unigram_id_ = 0;  // Unigram ids are positions in model.vocab
    int entry_pos_ = 0;
};

TokenizerVocabReader::TokenizerVocabReader(std::string source_name)
    : name_(std::move(source_name)), handler_(std::make_unique<Handler>(name_)) {}

TokenizerVocabReader::~TokenizerVocabReader() = default;

Status TokenizerVocabReader::feed(const uint8_t* data, size_t n) {
    return handler_->parser.feed(reinterpret_cast<const char*>(data), n);
}

Expected<std::vector<std::string>> TokenizerVocabReader::finish() {
    if (Status s = handler_->parser.finish(); !s.ok()) return Error{s.error()};
    auto& entries = handler_->entries;
    const uint64_t end = handler_->parser.offset();
    if (!handler_->saw_vocab)
        return Error{name_ + ": byte " + std::to_string(end) +
                     ": no model.vocab found (is this a Hugging Face tokenizer.json?)"};
    if (entries.empty()) return Error{name_ + ": byte " + std::to_string(end) + ": the vocabulary is empty"};

    // Sorted by id; a stable sort keeps file order among entries that share an id.
    std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    const uint64_t size = entries.back().id + 1;
    uint64_t distinct = 0, repeated = 0;
    for (size_t i = 0; i < entries.size(); ++i) {
        if (i > 0 && entries[i].id == entries[i - 1].id) {
            if (entries[i].token != entries[i - 1].token)
                return Error{name_ + ": byte " + std::to_string(entries[i].offset) + ": token id " +
                             std::to_string(entries[i].id) + " is given to both '" + entries[i - 1].token +
                             "' and '" + entries[i].token + "'"};
            ++repeated;  // an added token that repeats its vocabulary entry
            continue;
        }
        ++distinct;
    }
    const uint64_t holes = size - distinct;
    if (holes > kMaxHoles)
        return Error{name_ + ": byte " + std::to_string(end) + ": token ids go up to " +
                     std::to_string(size - 1) + " but only " + std::to_string(distinct) +
                     " are used (too sparse to be a vocabulary)"};

    std::vector<std::string> vocab(static_cast<size_t>(size));
    std::vector<bool> used(static_cast<size_t>(size), false);
    for (auto& e : entries) {
        if (used[e.id]) continue;
        used[e.id] = true;
        vocab[e.id] = std::move(e.token);
    }
    for (uint64_t i = 0; i < size; ++i)
        if (!used[i]) vocab[i] = "<unused " + std::to_string(i) + ">";
    entries.clear();
    notes_.push_back(name_ + ": " + std::to_string(size) + " token ids (" +
                     std::to_string(handler_->added_count) + " added tokens)");
    if (holes)
        notes_.push_back(name_ + ": " + std::to_string(holes) + " token ids have no token; they are named <unused N>");
    if (repeated)
        notes_.push_back(name_ + ": " + std::to_string(repeated) + " added tokens repeat their model.vocab entry");
    return vocab;
}

Expected<std::vector<std::string>> read_tokenizer_vocab(const std::string& source_name,
                                                        const uint8_t* data, size_t n,
                                                        std::vector<std::string>* notes) {
    TokenizerVocabReader reader(source_name);
    if (Status s = reader.feed(data, n); !s.ok()) return Error{s.error()};
    auto vocab = reader.finish();
    if (notes) *notes = reader.notes();
    return vocab;
}

}  // namespace embx
