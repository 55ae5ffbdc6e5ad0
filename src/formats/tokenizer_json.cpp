#include "formats/tokenizer_json.hpp"

#include <cerrno>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "core/tokenizer/split_regex.hpp"
#include "formats/json_stream.hpp"

namespace embx {

namespace {

// A JSON value quoted in a message: short, and invalid UTF-8 in it replaced (dump() throws on it).
std::string brief(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).substr(0, 60);
}


using json = nlohmann::json;

constexpr size_t kMaxMerges = size_t(1) << 24;
constexpr size_t kMaxDomValues = size_t(1) << 22;  // everything but the vocabulary and merges

}  // namespace

// Streams model.merges into pairs, skips model.vocab (TokenizerVocabReader reads it) and keeps
// every other value as JSON.
class TokenizerJsonReader::Handler final : public JsonHandler {
public:
    explicit Handler(const std::string& name) : parser(*this, name) {}

    JsonStreamParser parser;
    json root;
    std::vector<std::pair<std::string, std::string>> merges;
    bool saw_merges = false;

    bool begin_object() override { return open(false); }
    bool begin_array() override { return open(true); }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }
    bool key(std::string_view k) override {
        key_.assign(k);
        return true;
    }
    bool string(std::string_view s) override { return scalar(json(std::string(s)), true, s); }
    bool number(std::string_view t) override {
        const std::string text(t);
        if (text.find_first_of(".eE") == std::string::npos) {
            errno = 0;
            const long long v = std::strtoll(text.c_str(), nullptr, 10);
            if (errno == 0) return scalar(v >= 0 ? json(uint64_t(v)) : json(int64_t(v)), false, {});
        }
        return scalar(json(std::strtod(text.c_str(), nullptr)), false, {});
    }
    bool literal(std::string_view w) override {
        return scalar(w == "null" ? json(nullptr) : json(w == "true"), false, {});
    }

private:
    enum class Zone { Dom, Skip, Merges, Merge };
    struct Frame {
        Zone zone;
        json* node;
        bool is_model;
    };

    bool reject(std::string why) {
        error = std::move(why);
        return false;
    }
    std::string merge_name() const { return "model.merges[" + std::to_string(merges.size()) + "]"; }

    bool counted() {
        if (++values_ > kMaxDomValues) return reject("more than " + std::to_string(kMaxDomValues) + " JSON values besides the vocabulary and merges");
        return true;
    }

    // Where a new value goes in the DOM frame on top: the current key, or the array's end.
    json* place(json value) {
        Frame& f = frames_.back();
        if (f.node->is_array()) {
            f.node->push_back(std::move(value));
            return &f.node->back();
        }
        json& slot = (*f.node)[key_];
        slot = std::move(value);
        return &slot;
    }

    bool open(bool array) {
        if (frames_.empty()) {
            if (array) return reject("a tokenizer.json must be a JSON object");
            root = json::object();
            frames_.push_back({Zone::Dom, &root, false});
            return true;
        }
        Frame& top = frames_.back();
        switch (top.zone) {
            case Zone::Skip: frames_.push_back({Zone::Skip, nullptr, false}); return true;
            case Zone::Merges:
                if (!array) return reject(merge_name() + " must be \"a b\" or [\"a\", \"b\"]");
                parts_.clear();
                frames_.push_back({Zone::Merge, nullptr, false});
                return true;
            case Zone::Merge: return reject(merge_name() + " must be a pair of token strings");
            case Zone::Dom: break;
        }
        if (top.is_model && key_ == "vocab") {
            frames_.push_back({Zone::Skip, nullptr, false});
            return true;
        }
        if (top.is_model && key_ == "merges") {
            if (!array) return reject("model.merges must be an array");
            if (saw_merges) return reject("model.merges appears twice");
            saw_merges = true;
            frames_.push_back({Zone::Merges, nullptr, false});
            return true;
        }
        if (!counted()) return false;
        const bool is_model = frames_.size() == 1 && !array && key_ == "model";
        json* node = place(array ? json::array() : json::object());
        frames_.push_back({Zone::Dom, node, is_model});
        return true;
    }

    bool close() {
        const Frame f = frames_.back();
        frames_.pop_back();
        if (f.zone == Zone::Merge) {
            if (parts_.size() != 2) return reject(merge_name() + " must be a pair of token strings");
            if (merges.size() >= kMaxMerges) return reject("more than " + std::to_string(kMaxMerges) + " merges");
            merges.emplace_back(std::move(parts_[0]), std::move(parts_[1]));
        }
        return true;
    }

    bool scalar(json value, bool is_string, std::string_view text) {
        if (frames_.empty()) return reject("a tokenizer.json must be a JSON object");
        Frame& top = frames_.back();
        switch (top.zone) {
            case Zone::Skip: return true;
            case Zone::Merge:
                if (!is_string || parts_.size() == 2) return reject(merge_name() + " must be a pair of token strings");
                parts_.emplace_back(text);
                return true;
            case Zone::Merges: {
                if (!is_string) return reject(merge_name() + " must be \"a b\" or [\"a\", \"b\"]");
                const size_t sp = text.find(' ');
                if (sp == std::string_view::npos || sp == 0 || sp + 1 == text.size() ||
                    text.find(' ', sp + 1) != std::string_view::npos)
                    return reject(merge_name() + " must be two tokens separated by one space, not '" + std::string(text) + "'");
                if (merges.size() >= kMaxMerges) return reject("more than " + std::to_string(kMaxMerges) + " merges");
                merges.emplace_back(std::string(text.substr(0, sp)), std::string(text.substr(sp + 1)));
                return true;
            }
            case Zone::Dom: break;
        }
        if (top.is_model && key_ == "vocab") return true;  // not an object: TokenizerVocabReader says so
        if (top.is_model && key_ == "merges") return reject("model.merges must be an array");
        if (!counted()) return false;
        place(std::move(value));
        return true;
    }

    std::vector<Frame> frames_;
    std::string key_;
    std::vector<std::string> parts_;
    size_t values_ = 0;
};

namespace {

// Reads the components of the DOM into a TokenizerSpec; every refusal names the place.
class SpecReader {
public:
    explicit SpecReader(std::vector<std::string>& notes) : notes_(notes) {}
    std::string error;

    bool fail(const std::string& where, const std::string& what) {
        if (error.empty()) error = where + ": " + what;
        return false;
    }

    static std::string type_of(const json& j) {
        if (!j.is_object()) return {};
        const auto it = j.find("type");
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    }
    static bool flag(const json& j, const char* key, bool fallback) {
        const auto it = j.find(key);
        return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
    }
    static std::string text(const json& j, const char* key, const std::string& fallback = {}) {
        const auto it = j.find(key);
        return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
    }
    // A Split/Replace "pattern": {"String": s} or {"Regex": r}.
    bool pattern(const json& j, const std::string& where, std::string& out, bool& regex) {
        const auto it = j.find("pattern");
        if (it == j.end() || !it->is_object()) return fail(where, "no \"pattern\" object");
        if (it->contains("String") && (*it)["String"].is_string()) {
            out = (*it)["String"].get<std::string>();
            regex = false;
            return true;
        }
        if (it->contains("Regex") && (*it)["Regex"].is_string()) {
            out = (*it)["Regex"].get<std::string>();
            regex = true;
            auto re = SplitRegex::compile(out);  // checked here to say where it is
            return re.ok() || fail(where, re.error());
        }
        return fail(where, "\"pattern\" must be {\"String\": ...} or {\"Regex\": ...}");
    }

    bool normalizer(const json& j, const std::string& where, std::vector<NormalizerStep>& out) {
        if (j.is_null()) return true;
        const std::string type = type_of(j);
        using K = NormalizerStep::Kind;
        NormalizerStep s;
        if (type == "Sequence") {
            const auto it = j.find("normalizers");
            if (it == j.end() || !it->is_array()) return fail(where, "a Sequence normalizer needs a \"normalizers\" array");
            for (size_t i = 0; i < it->size(); ++i)
                if (!normalizer((*it)[i], where + ".normalizers[" + std::to_string(i) + "]", out)) return false;
            return true;
        }
        if (type == "NFC") s.kind = K::NFC;
        else if (type == "NFD") s.kind = K::NFD;
        else if (type == "NFKC") s.kind = K::NFKC;
        else if (type == "NFKD") s.kind = K::NFKD;
        else if (type == "Lowercase") s.kind = K::Lowercase;
        else if (type == "StripAccents") s.kind = K::StripAccents;
        else if (type == "Strip") {
            s.kind = K::Strip;
            s.left = flag(j, "strip_left", true);
            s.right = flag(j, "strip_right", true);
        } else if (type == "Replace") {
            s.kind = K::Replace;
            if (!pattern(j, where, s.pattern, s.regex)) return false;
            s.content = text(j, "content");
        } else if (type == "Prepend") {
            s.kind = K::Prepend;
            s.content = text(j, "prepend");
        } else if (type == "BertNormalizer") {
            s.kind = K::Bert;
            s.clean_text = flag(j, "clean_text", true);
            s.chinese = flag(j, "handle_chinese_chars", true);
            s.lowercase = flag(j, "lowercase", true);
            const auto it = j.find("strip_accents");
            s.strip_accents = it == j.end() || !it->is_boolean() ? -1 : it->get<bool>() ? 1 : 0;
        } else {
            return fail(where, "unsupported normalizer '" + (type.empty() ? brief(j) : type) +
                                   "' (supported: NFC, NFD, NFKC, NFKD, Lowercase, StripAccents, Strip, Replace, "
                                   "Prepend, BertNormalizer, Sequence)");
        }
        out.push_back(std::move(s));
        return true;
    }

    bool behavior(const json& j, const std::string& where, SplitBehavior& out) {
        const std::string b = text(j, "behavior", "Isolated");
        if (b == "Removed") out = SplitBehavior::Removed;
        else if (b == "Isolated") out = SplitBehavior::Isolated;
        else if (b == "MergedWithPrevious") out = SplitBehavior::MergedWithPrevious;
        else if (b == "MergedWithNext") out = SplitBehavior::MergedWithNext;
        else if (b == "Contiguous") out = SplitBehavior::Contiguous;
        else return fail(where, "unsupported split behavior '" + b + "'");
        return true;
    }

    bool prepend_scheme(const json& j, const std::string& where, PreTokenizerStep::Prepend& out) {
        const auto it = j.find("prepend_scheme");
        if (it == j.end() || !it->is_string()) {  // older files: add_prefix_space
            out = flag(j, "add_prefix_space", true) ? PreTokenizerStep::Prepend::Always : PreTokenizerStep::Prepend::Never;
            return true;
        }
        const std::string v = it->get<std::string>();
        if (v == "always") out = PreTokenizerStep::Prepend::Always;
        else if (v == "first") out = PreTokenizerStep::Prepend::First;
        else if (v == "never") out = PreTokenizerStep::Prepend::Never;
        else return fail(where, "unsupported prepend_scheme '" + v + "'");
        return true;
    }

    bool pre_tokenizer(const json& j, const std::string& where, std::vector<PreTokenizerStep>& out) {
        if (j.is_null()) return true;
        const std::string type = type_of(j);
        using K = PreTokenizerStep::Kind;
        PreTokenizerStep s;
        if (type == "Sequence") {
            const auto it = j.find("pretokenizers");
            if (it == j.end() || !it->is_array()) return fail(where, "a Sequence pre-tokenizer needs a \"pretokenizers\" array");
            for (size_t i = 0; i < it->size(); ++i)
                if (!pre_tokenizer((*it)[i], where + ".pretokenizers[" + std::to_string(i) + "]", out)) return false;
            return true;
        }
        if (type == "Split") {
            s.kind = K::Split;
            if (!pattern(j, where, s.pattern, s.regex) || !behavior(j, where, s.behavior)) return false;
            s.invert = flag(j, "invert", false);
        } else if (type == "ByteLevel") {
            s.kind = K::ByteLevel;
            s.add_prefix_space = flag(j, "add_prefix_space", true);
            s.use_regex = flag(j, "use_regex", true);
        } else if (type == "Metaspace") {
            s.kind = K::Metaspace;
            s.replacement = text(j, "replacement", s.replacement);
            s.split = flag(j, "split", true);
            if (!prepend_scheme(j, where, s.prepend)) return false;
        } else if (type == "Whitespace") s.kind = K::Whitespace;
        else if (type == "WhitespaceSplit") s.kind = K::WhitespaceSplit;
        else if (type == "BertPreTokenizer") s.kind = K::Bert;
        else if (type == "Digits") {
            s.kind = K::Digits;
            s.individual_digits = flag(j, "individual_digits", false);
        } else if (type == "Punctuation") s.kind = K::Punctuation;
        else {
            return fail(where, "unsupported pre-tokenizer '" + (type.empty() ? brief(j) : type) +
                                   "' (supported: Split, ByteLevel, Metaspace, Whitespace, WhitespaceSplit, "
                                   "BertPreTokenizer, Digits, Punctuation, Sequence)");
        }
        out.push_back(std::move(s));
        return true;
    }

    bool special_id(const json& pair, const std::string& where, const Vocab& v, std::vector<uint32_t>& out) {
        // BertProcessing/RobertaProcessing: ["[CLS]", 101].
        if (!pair.is_array() || pair.size() != 2 || !pair[1].is_number_unsigned())
            return fail(where, "must be [token, id]");
        out.push_back(pair[1].get<uint32_t>());
        (void)v;
        return true;
    }

    bool template_part(const json& single, const json& specials, const std::string& where, PostProcessorSpec& out) {
        bool after = false;
        for (size_t i = 0; i < single.size(); ++i) {
            const json& part = single[i];
            const std::string at = where + ".single[" + std::to_string(i) + "]";
            if (part.contains("Sequence")) {
                after = true;
                continue;
            }
            if (!part.contains("SpecialToken") || !part["SpecialToken"].is_object())
                return fail(at, "must be a Sequence or a SpecialToken");
            const std::string name = text(part["SpecialToken"], "id");
            if (!specials.is_object() || !specials.contains(name) || !specials[name].contains("ids") ||
                !specials[name]["ids"].is_array())
                return fail(at, "special token '" + name + "' is not in special_tokens");
            for (const json& id : specials[name]["ids"]) {
                if (!id.is_number_unsigned()) return fail(at, "special token '" + name + "' has a bad id");
                (after ? out.after : out.before).push_back(id.get<uint32_t>());
            }
        }
        return true;
    }

    bool post_processor(const json& j, const std::string& where, PostProcessorSpec& out, const Vocab& v) {
        if (j.is_null()) return true;
        const std::string type = type_of(j);
        if (type == "Sequence") {
            const auto it = j.find("processors");
            if (it == j.end() || !it->is_array()) return fail(where, "a Sequence post-processor needs a \"processors\" array");
            for (size_t i = 0; i < it->size(); ++i)
                if (!post_processor((*it)[i], where + ".processors[" + std::to_string(i) + "]", out, v)) return false;
            return true;
        }
        if (type == "ByteLevel") return true;  // offsets only
        if (type == "TemplateProcessing") {
            const auto it = j.find("single");
            if (it == j.end() || !it->is_array()) return fail(where, "TemplateProcessing needs a \"single\" array");
            return template_part(*it, j.contains("special_tokens") ? j["special_tokens"] : json(), where, out);
        }
        if (type == "BertProcessing" || type == "RobertaProcessing") {
            if (!j.contains("cls") || !j.contains("sep")) return fail(where, type + " needs cls and sep");
            return special_id(j["cls"], where + ".cls", v, out.before) && special_id(j["sep"], where + ".sep", v, out.after);
        }
        return fail(where, "unsupported post-processor '" + (type.empty() ? brief(j) : type) +
                               "' (supported: TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel, Sequence)");
    }

    bool decoder(const json& j, const std::string& where, std::vector<DecoderStep>& out) {
        if (j.is_null()) return true;
        const std::string type = type_of(j);
        using K = DecoderStep::Kind;
        DecoderStep s;
        if (type == "Sequence") {
            const auto it = j.find("decoders");
            if (it == j.end() || !it->is_array()) return fail(where, "a Sequence decoder needs a \"decoders\" array");
            for (size_t i = 0; i < it->size(); ++i)
                if (!decoder((*it)[i], where + ".decoders[" + std::to_string(i) + "]", out)) return false;
            return true;
        }
        if (type == "ByteLevel") s.kind = K::ByteLevel;
        else if (type == "ByteFallback") s.kind = K::ByteFallback;
        else if (type == "Fuse") s.kind = K::Fuse;
        else if (type == "Metaspace") {
            s.kind = K::Metaspace;
            s.replacement = text(j, "replacement", s.replacement);
            PreTokenizerStep::Prepend p = PreTokenizerStep::Prepend::Always;
            if (!prepend_scheme(j, where, p)) return false;
            s.add_prefix_space = p != PreTokenizerStep::Prepend::Never;
        } else if (type == "Replace") {
            s.kind = K::Replace;
            bool regex = false;
            if (!pattern(j, where, s.pattern, regex)) return false;
            if (regex) return fail(where, "unsupported Replace decoder with a regex pattern");
            s.content = text(j, "content");
        } else if (type == "Strip") {
            s.kind = K::Strip;
            s.content = text(j, "content", " ");
            s.start = j.value("start", size_t(0));
            s.stop = j.value("stop", size_t(0));
        } else if (type == "WordPiece") {
            s.kind = K::WordPiece;
            s.prefix = text(j, "prefix", "##");
            s.cleanup = flag(j, "cleanup", true);
        } else {
            return fail(where, "unsupported decoder '" + (type.empty() ? brief(j) : type) +
                                   "' (supported: ByteLevel, ByteFallback, Fuse, Metaspace, Replace, Strip, WordPiece, Sequence)");
        }
        out.push_back(std::move(s));
        return true;
    }

    bool model(const json& m, bool has_merges, ModelSpec& out) {
        if (!m.is_object()) return fail("model", "missing (is this a Hugging Face tokenizer.json?)");
        std::string type = type_of(m);
        if (type.empty()) type = has_merges ? "BPE" : m.contains("continuing_subword_prefix") ? "WordPiece" : "";
        if (type == "BPE") {
            if (!has_merges) return fail("model", "the BPE model has no merges");
            out.kind = ModelSpec::Kind::BPE;
            out.continuing_subword_prefix = text(m, "continuing_subword_prefix");
            out.end_of_word_suffix = text(m, "end_of_word_suffix");
            out.byte_fallback = flag(m, "byte_fallback", false);
            out.fuse_unk = flag(m, "fuse_unk", false);
            out.ignore_merges = flag(m, "ignore_merges", false);
            const auto d = m.find("dropout");
            if (d != m.end() && d->is_number() && d->get<double>() != 0.0)
                notes_.push_back("BPE dropout " + d->dump() + " ignored (tokenizing deterministically)");
        } else if (type == "WordPiece") {
            out.kind = ModelSpec::Kind::WordPiece;
            out.continuing_subword_prefix = text(m, "continuing_subword_prefix", "##");
            out.max_input_chars_per_word = m.value("max_input_chars_per_word", 100u);
        } else {
            return fail("model.type", "unsupported tokenizer model '" + (type.empty() ? std::string("(none)") : type) +
                                          "' (supported: BPE, WordPiece)");
        }
        out.unk_token = text(m, "unk_token");
        return true;
    }

    bool added(const json& list, std::vector<AddedToken>& out) {
        if (list.is_null()) return true;
        if (!list.is_array()) return fail("added_tokens", "must be an array");
        for (size_t i = 0; i < list.size(); ++i) {
            const json& a = list[i];
            const std::string where = "added_tokens[" + std::to_string(i) + "]";
            if (!a.is_object()) return fail(where, "must be an object");
            if (!a.contains("id")) return fail(where, "has no \"id\"");
            if (!a["id"].is_number_unsigned() || a["id"].get<uint64_t>() >= (uint64_t(1) << 31))
                return fail(where + ".id", "is not a token id");
            if (!a.contains("content") || !a["content"].is_string()) return fail(where, "has no \"content\" string");
            AddedToken t;
            t.id = a["id"].get<uint32_t>();
            t.content = a["content"].get<std::string>();
            t.special = flag(a, "special", false);
            t.single_word = flag(a, "single_word", false);
            t.lstrip = flag(a, "lstrip", false);
            t.rstrip = flag(a, "rstrip", false);
            t.normalized = flag(a, "normalized", !t.special);
            out.push_back(std::move(t));
        }
        return true;
    }

private:
    std::vector<std::string>& notes_;
};

json member(const json& root, const char* key) {
    const auto it = root.find(key);
    return it == root.end() ? json() : *it;
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

Expected<Tokenizer> TokenizerJsonReader::finish() {
    if (!error_.ok()) return Error{error_.error()};
    if (Status s = handler_->parser.finish(); !s.ok()) return Error{s.error()};
    auto vocab = vocab_.finish();
    if (!vocab) return Error{vocab.error()};
    notes_ = vocab_.notes();
    Handler& h = *handler_;
    const json& root = h.root;
    std::vector<std::string> notes;
    SpecReader r(notes);
    TokenizerSpec spec;
    Vocab names;  // for messages only
    const bool ok = r.model(member(root, "model"), h.saw_merges, spec.model) &&
                    r.normalizer(member(root, "normalizer"), "normalizer", spec.normalizer) &&
                    r.pre_tokenizer(member(root, "pre_tokenizer"), "pre_tokenizer", spec.pre_tokenizer) &&
                    r.added(member(root, "added_tokens"), spec.added) &&
                    r.post_processor(member(root, "post_processor"), "post_processor", spec.post, names) &&
                    r.decoder(member(root, "decoder"), "decoder", spec.decoder);
    if (!ok) return Error{name_ + ": " + r.error};
    const size_t merge_count = h.merges.size(), added_count = spec.added.size();
    spec.model.vocab = std::move(*vocab);
    spec.model.merges = std::move(h.merges);
    auto tok = Tokenizer::create(std::move(spec));
    if (!tok) return Error{name_ + ": " + tok.error()};
    for (auto& n : notes) notes_.push_back(name_ + ": " + n);
    notes_.push_back(name_ + ": " + tok->kind() + ", " + std::to_string(tok->vocab_size()) + " ids, " +
                     std::to_string(merge_count) + " merges, " + std::to_string(added_count) + " added tokens");
    return tok;
}

Expected<Tokenizer> read_tokenizer(const std::string& source_name, const uint8_t* data, size_t n,
                                   std::vector<std::string>* notes) {
    TokenizerJsonReader reader(source_name);
    if (Status s = reader.feed(data, n); !s.ok()) return Error{s.error()};
    auto tok = reader.finish();
    if (notes) *notes = reader.notes();
    return tok;
}

}  // namespace embx
