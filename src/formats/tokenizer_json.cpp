#include "formats/tokenizer_json.hpp"

#include "core/tokenizer/qwen2_pretokenizer.hpp"
#include "formats/json_stream.hpp"

namespace embx {

namespace {

constexpr size_t kMaxMerges = size_t(1) << 24;
constexpr size_t kMaxAddedTokens = size_t(1) << 20;
constexpr size_t kMaxPreTokenizers = 64;

// One pre-tokenizer step as written in the file.
struct PreStep {
    std::string type, regex, string_pattern, behavior;
    std::string invert, use_regex, add_prefix_space;  // "true"/"false"/"" (absent)
};

struct RawAdded {
    AddedToken token;
    bool has_id = false, has_content = false, single_word = false;
};

bool starts_with(const std::string& s, const char* prefix, std::string& rest) {
    const std::string p(prefix);
    if (s.compare(0, p.size(), p) != 0) return false;
    rest = s.substr(p.size());
    return true;
}

}  // namespace

// Follows the path of every JSON value ("model.merges.[]" is one merge) and keeps the parts
// of the file a BPE tokenizer needs besides the vocabulary.
class TokenizerJsonReader::Handler final : public JsonHandler {
public:
    explicit Handler(const std::string& name) : parser(*this, name) {}

    JsonStreamParser parser;
    std::string model_type, normalizer = "(absent)", pre_tokenizer_type = "(absent)";
    bool saw_merges = false, ignore_merges = false, byte_fallback = false;
    std::string subword_prefix, word_suffix, dropout;
    std::vector<std::pair<std::string, std::string>> merges;
    std::vector<PreStep> steps;
    std::vector<RawAdded> added;

    bool begin_object() override { return open(false); }
    bool begin_array() override { return open(true); }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }
    bool key(std::string_view k) override {
        key_.assign(k);
        return true;
    }
    bool string(std::string_view s) override { return scalar(Kind::String, s); }
    bool number(std::string_view t) override { return scalar(Kind::Number, t); }
    bool literal(std::string_view w) override { return scalar(Kind::Literal, w); }

private:
    enum class Kind { String, Number, Literal, Object, Array };
    struct Frame {
        bool array;
        size_t path_len;
        std::string key;
        uint64_t index;
    };

    bool reject(std::string why) {
        error = std::move(why);
        return false;
    }

    std::string slot() const {
        if (frames_.empty()) return "$";
        const std::string leaf = frames_.back().array ? "[]" : key_;
        return path_.empty() ? leaf : path_ + "." + leaf;
    }
    void value_done() {
        if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    }

    bool open(bool array) {
        const std::string p = slot();
        if (!on_value(p, array ? Kind::Array : Kind::Object, {})) return false;
        frames_.push_back({array, path_.size(), key_, 0});
        path_ = p == "$" ? "" : p;
        key_.clear();
        return true;
    }

    bool close() {
        if (!on_close(path_)) return false;
        const Frame f = frames_.back();
        frames_.pop_back();
        path_.resize(f.path_len);
        key_ = f.key;
        value_done();
        return true;
    }

    bool scalar(Kind kind, std::string_view text) {
        if (frames_.empty()) return reject("a tokenizer.json must be a JSON object");
        if (!on_value(slot(), kind, text)) return false;
        value_done();
        return true;
    }

    std::string merge_name() const { return "model.merges[" + std::to_string(merges.size()) + "]"; }
    std::string added_name() const { return "added_tokens[" + std::to_string(added.size() - 1) + "]"; }

    bool on_value(const std::string& p, Kind kind, std::string_view text) {
        const bool str = kind == Kind::String;
        if (p == "$" && kind != Kind::Object) return reject("a tokenizer.json must be a JSON object");
        if (p == "model.type" && str) model_type.assign(text);
        else if (p == "model.merges") {
            if (kind != Kind::Array) return reject("model.merges must be an array");
            if (saw_merges) return reject("model.merges appears twice");
            saw_merges = true;
        } else if (p == "model.merges.[]") {
            if (merges.size() >= kMaxMerges) return reject("more than " + std::to_string(kMaxMerges) + " merges");
            if (str) {
                const size_t sp = text.find(' ');
                if (sp == std::string_view::npos || sp == 0 || sp + 1 == text.size() ||
                    text.find(' ', sp + 1) != std::string_view::npos)
                    return reject(merge_name() + " must be two tokens separated by one space, not '" +
                                  std::string(text) + "'");
                merges.emplace_back(std::string(text.substr(0, sp)), std::string(text.substr(sp + 1)));
            } else if (kind == Kind::Array) {
                parts_.clear();
            } else {
                return reject(merge_name() + " must be \"a b\" or [\"a\", \"b\"]");
            }
        } else if (p == "model.merges.[].[]") {
            if (!str || parts_.size() == 2) return reject(merge_name() + " must be a pair of token strings");
            parts_.emplace_back(text);
        } else if (p == "model.ignore_merges" && kind == Kind::Literal) ignore_merges = text == "true";
        else if (p == "model.byte_fallback" && kind == Kind::Literal) byte_fallback = text == "true";
        else if (p == "model.continuing_subword_prefix" && str) subword_prefix.assign(text);
        else if (p == "model.end_of_word_suffix" && str) word_suffix.assign(text);
        else if (p == "model.dropout" && kind == Kind::Number) dropout.assign(text);
        else if (p == "normalizer" && kind == Kind::Literal) normalizer.assign(text);
        else if (p == "normalizer" && kind == Kind::Object) normalizer = "(no type)";
        else if (p == "normalizer.type" && str) normalizer.assign(text);
        else if (p == "pre_tokenizer") {
            if (kind == Kind::Literal) pre_tokenizer_type.assign(text);
            if (kind == Kind::Object) {
                pre_tokenizer_type = "(no type)";
                steps.assign(1, PreStep{});
            }
        } else if (p == "pre_tokenizer.pretokenizers.[]" && kind == Kind::Object) {
            if (steps.size() > kMaxPreTokenizers) return reject("too many pre-tokenizers");
            steps.emplace_back();
        } else if (p == "added_tokens.[]") {
            if (kind != Kind::Object) return reject("added_tokens[" + std::to_string(added.size()) + "] must be an object");
            if (added.size() >= kMaxAddedTokens) return reject("too many added tokens");
            added.emplace_back();
        } else {
            std::string field;
            if (steps.empty() && p.compare(0, 14, "pre_tokenizer.") == 0) return true;  // not an object
            if (starts_with(p, "pre_tokenizer.pretokenizers.[].", field)) return step_field(steps.back(), field, kind, text, 1);
            if (starts_with(p, "pre_tokenizer.", field)) return step_field(steps.front(), field, kind, text, 0);
            if (starts_with(p, "added_tokens.[].", field)) return added_field(added.back(), field, kind, text);
        }
        return true;
    }

    bool step_field(PreStep& s, const std::string& field, Kind kind, std::string_view text, size_t level) {
        const bool str = kind == Kind::String, lit = kind == Kind::Literal;
        if (field == "type" && str) {
            s.type.assign(text);
            if (level == 0) pre_tokenizer_type.assign(text);
        } else if (field == "pattern.Regex" && str) s.regex.assign(text);
        else if (field == "pattern.String" && str) s.string_pattern.assign(text);
        else if (field == "behavior" && str) s.behavior.assign(text);
        else if (field == "invert" && lit) s.invert.assign(text);
        else if (field == "use_regex" && lit) s.use_regex.assign(text);
        else if (field == "add_prefix_space" && lit) s.add_prefix_space.assign(text);
        return true;
    }

    bool added_field(RawAdded& a, const std::string& field, Kind kind, std::string_view text) {
        if (field == "id") {
            if (kind != Kind::Number) return reject(added_name() + ".id must be a number");
            uint64_t v = 0;
            if (text.empty() || text.size() > 10) return reject(added_name() + ".id is not a token id");
            for (char c : text) {
                if (c < '0' || c > '9') return reject(added_name() + ".id is not a token id");
                v = v * 10 + uint64_t(c - '0');
            }
            if (v >= (uint64_t(1) << 31)) return reject(added_name() + ".id is not a token id");
            a.token.id = uint32_t(v);
            a.has_id = true;
        } else if (field == "content") {
            if (kind != Kind::String) return reject(added_name() + ".content must be a string");
            a.token.content.assign(text);
            a.has_content = true;
        } else if (kind == Kind::Literal) {
            const bool on = text == "true";
            if (field == "special") a.token.special = on;
            else if (field == "lstrip") a.token.lstrip = on;
            else if (field == "rstrip") a.token.rstrip = on;
            else if (field == "single_word") a.single_word = on;
        }
        return true;
    }

    bool on_close(const std::string& p) {
        if (p == "model.merges.[]") {
            if (parts_.size() != 2) return reject(merge_name() + " must be a pair of token strings");
            merges.emplace_back(std::move(parts_[0]), std::move(parts_[1]));
            parts_.clear();
        } else if (p == "added_tokens.[]") {
            if (!added.back().has_id) return reject(added_name() + " has no \"id\"");
            if (!added.back().has_content) return reject(added_name() + " has no \"content\"");
        }
        return true;
    }

    std::vector<Frame> frames_;
    std::string path_, key_;
    std::vector<std::string> parts_;
};

namespace {

std::string describe(const std::vector<PreStep>& steps) {
    std::string out;
    for (const PreStep& s : steps) {
        if (!out.empty()) out += ", ";
        out += s.type.empty() ? "(no type)" : s.type;
        if (!s.regex.empty()) out += "(regex '" + s.regex + "')";
        else if (!s.string_pattern.empty()) out += "(string '" + s.string_pattern + "')";
    }
    return out;
}

// Empty when the pre-tokenizer is Qwen2's Split + ByteLevel, else what is different.
std::string check_pre_tokenizer(const std::string& type, const std::vector<PreStep>& all) {
    const std::string supported = "only Qwen2's Sequence[Split(regex), ByteLevel(use_regex: false)] is supported";
    if (type != "Sequence")
        return "unsupported pre_tokenizer '" + (all.empty() ? type : describe(all)) + "': " + supported;
    const std::vector<PreStep> steps(all.begin() + 1, all.end());  // [0] is the Sequence itself
    if (steps.size() != 2 || steps[0].type != "Split" || steps[1].type != "ByteLevel")
        return "unsupported pre_tokenizer Sequence[" + describe(steps) + "]: " + supported;
    const PreStep& split = steps[0];
    const PreStep& bl = steps[1];
    if (split.regex != kQwen2SplitPattern)
        return "unsupported Split pattern " + (split.regex.empty() ? "'" + split.string_pattern + "'" : "'" + split.regex + "'") +
               ": only Qwen2's pattern is implemented";
    if (split.behavior != "Isolated" || split.invert == "true")
        return "unsupported Split behaviour '" + split.behavior + "'" + (split.invert == "true" ? " (inverted)" : "") +
               ": only Isolated is implemented";
    if (bl.use_regex != "false") return "unsupported ByteLevel pre-tokenizer with its own regex (use_regex not false)";
    if (bl.add_prefix_space == "true") return "unsupported ByteLevel pre-tokenizer with add_prefix_space";
    return {};
}

}  // namespace

TokenizerJsonReader::TokenizerJsonReader(std::string source_name)
    : name_(std::move(source_name)), vocab_(name_), handler_(std::make_unique<Handler>(name_)) {}

TokenizerJsonReader::~TokenizerJsonReader() = default;

Status TokenizerJsonReader::feed(const uint8_t* data, size_t n) {
    if (!error_.ok()) return error_;
    // Two passes over the same bytes: the vocabulary reader stays exactly as it is.
    if (Status s = handler_->parser.feed(reinterpret_cast<const char*>(data), n); !s.ok()) return error_ = s;
    if (Status s = vocab_.feed(data, n); !s.ok()) return error_ = s;
    return Status::success();
}

Expected<BpeTokenizer> TokenizerJsonReader::finish() {
    if (!error_.ok()) return Error{error_.error()};
    if (Status s = handler_->parser.finish(); !s.ok()) return Error{s.error()};
    auto vocab = vocab_.finish();
    if (!vocab) return Error{vocab.error()};
    notes_ = vocab_.notes();
    Handler& h = *handler_;
    const auto refuse = [&](const std::string& why) { return Error{name_ + ": " + why}; };

    if (h.model_type.empty()) return refuse("no model.type (is this a Hugging Face tokenizer.json?)");
    if (h.model_type != "BPE")
        return refuse("unsupported tokenizer model '" + h.model_type + "': only byte-level BPE (as in Qwen2/Qwen3) is supported");
    if (!h.saw_merges) return refuse("the BPE model has no model.merges");
    if (h.byte_fallback) return refuse("unsupported BPE option byte_fallback (a SentencePiece-style model, not byte-level)");
    if (!h.subword_prefix.empty() || !h.word_suffix.empty())
        return refuse("unsupported BPE option continuing_subword_prefix/end_of_word_suffix ('" + h.subword_prefix + "', '" +
                      h.word_suffix + "')");
    if (h.normalizer != "NFC" && h.normalizer != "null")
        return refuse("unsupported normalizer '" + h.normalizer + "': only NFC (or none) is supported");
    if (std::string why = check_pre_tokenizer(h.pre_tokenizer_type, h.steps); !why.empty()) return refuse(why);
    if (!h.dropout.empty() && h.dropout != "0" && h.dropout != "0.0")
        notes_.push_back(name_ + ": BPE dropout " + h.dropout + " ignored (tokenizing deterministically)");

    const size_t merge_count = h.merges.size();
    BpeSpec spec;
    spec.vocab = std::move(*vocab);
    spec.merges = std::move(h.merges);
    spec.nfc = h.normalizer == "NFC";
    spec.ignore_merges = h.ignore_merges;
    size_t single_word = 0;
    for (RawAdded& a : h.added) {
        single_word += a.single_word;
        spec.added.push_back(std::move(a.token));
    }
    if (single_word)
        notes_.push_back(name_ + ": " + std::to_string(single_word) +
                         " added tokens ask for single_word matching, which is not implemented (matched anywhere)");
    auto tok = BpeTokenizer::create(std::move(spec));
    if (!tok) return refuse(tok.error());
    notes_.push_back(name_ + ": byte-level BPE, " + std::to_string(tok->vocab_size()) + " ids, " +
                     std::to_string(merge_count) + " merges");
    return tok;
}

Expected<BpeTokenizer> read_bpe_tokenizer(const std::string& source_name, const uint8_t* data, size_t n,
                                          std::vector<std::string>* notes) {
    TokenizerJsonReader reader(source_name);
    if (Status s = reader.feed(data, n); !s.ok()) return Error{s.error()};
    auto tok = reader.finish();
    if (notes) *notes = reader.notes();
    return tok;
}

}  // namespace embx
