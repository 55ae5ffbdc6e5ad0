#include "formats/gguf_tokenizer.hpp"

#include "core/tokenizer/pre_tokenizer.hpp"
#include "formats/bert_vocab_tokenizer.hpp"

namespace embx {

namespace {

constexpr const char* kTokens = "tokenizer.ggml.tokens";
constexpr const char* kMerges = "tokenizer.ggml.merges";
constexpr const char* kTypes = "tokenizer.ggml.token_type";

// llama.cpp's token types.
constexpr int64_t kControl = 3, kUserDefined = 4;

// The split patterns of the pre-tokenizers llama.cpp names (as their tokenizer.json files have them).
constexpr const char* kQwen2Split =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
constexpr const char* kLlama3Split =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

std::string text_of(const GgufHeaderReader& h, const std::string& key) {
    const GgufValue* v = h.value(key);
    return v ? v->text : std::string();
}

// An id key that must name a token; -1 when absent.
Expected<int64_t> token_id(const GgufHeaderReader& h, const std::string& key, size_t vocab) {
    const GgufValue* v = h.value(key);
    if (!v) return int64_t(-1);
    if (v->number < 0 || v->number >= double(vocab))
        return Error{key + " = " + v->text + " is not a token id (the vocabulary has " + std::to_string(vocab) + ")"};
    return int64_t(v->number);
}

bool flag(const GgufHeaderReader& h, const std::string& key) {
    const GgufValue* v = h.value(key);
    return v && v->number != 0;
}

Expected<TokenizerSpec> byte_level_bpe(const GgufHeaderReader& h, const std::vector<std::string>& tokens) {
    const std::string pre = text_of(h, "tokenizer.ggml.pre");
    TokenizerSpec spec;
    PreTokenizerStep split, byte_level;
    split.kind = PreTokenizerStep::Kind::Split;
    split.behavior = SplitBehavior::Isolated;
    byte_level.kind = PreTokenizerStep::Kind::ByteLevel;
    byte_level.add_prefix_space = false;
    byte_level.use_regex = false;
    if (pre == "qwen2" || pre == "deepseek-r1-qwen") {
        spec.normalizer.push_back(NormalizerStep{});  // NFC
        split.pattern = kQwen2Split;
        spec.pre_tokenizer = {split, byte_level};
    } else if (pre == "llama-bpe" || pre == "llama3") {
        split.pattern = kLlama3Split;
        spec.pre_tokenizer = {split, byte_level};
        spec.model.ignore_merges = true;  // a piece that is a token stays whole (llama.cpp does the same)
    } else if (pre == "gpt-2") {
        byte_level.use_regex = true;
        spec.pre_tokenizer = {byte_level};
    } else {
        return Error{"tokenizer.ggml.pre \"" + pre + "\" is not a pre-tokenizer we know exactly (we know qwen2, "
                     "deepseek-r1-qwen, llama-bpe, llama3 and gpt-2)"};
    }
    spec.decoder.push_back(DecoderStep{});  // ByteLevel
    const std::vector<std::string>* merges = h.strings(kMerges);
    if (!merges) return Error{"a gpt2 (BPE) tokenizer without tokenizer.ggml.merges"};
    spec.model.merges.reserve(merges->size());
    for (size_t i = 0; i < merges->size(); ++i) {
        const std::string& m = (*merges)[i];
        const size_t space = m.find(' ');
        if (space == std::string::npos || space == 0 || space + 1 == m.size() || m.find(' ', space + 1) != std::string::npos)
            return Error{"tokenizer.ggml.merges entry " + std::to_string(i) + " (\"" + m + "\") is not two tokens and a space"};
        spec.model.merges.emplace_back(m.substr(0, space), m.substr(space + 1));
    }
    spec.model.vocab = tokens;
    const std::vector<int64_t>* types = h.integers(kTypes);
    if (types && types->size() != tokens.size())
        return Error{std::string(kTypes) + " has " + std::to_string(types->size()) + " entries for " +
                     std::to_string(tokens.size()) + " tokens"};
    if (types)
        for (size_t id = 0; id < tokens.size(); ++id) {
            if ((*types)[id] != kControl && (*types)[id] != kUserDefined) continue;
            AddedToken a;
            a.content = tokens[id];
            a.id = uint32_t(id);
            a.special = (*types)[id] == kControl;
            spec.added.push_back(std::move(a));
        }
    return spec;
}

// llama.cpp writes BERT's vocabulary with "phantom spaces": a word start as U+2581 + word, a
// "##" continuation without its "##", control tokens ([CLS]) as they are. Undone here.
Expected<TokenizerSpec> wordpiece(const GgufHeaderReader& h, const std::vector<std::string>& tokens) {
    const std::vector<int64_t>* types = h.integers(kTypes);
    if (types && types->size() != tokens.size())
        return Error{std::string(kTypes) + " has " + std::to_string(types->size()) + " entries for " +
                     std::to_string(tokens.size()) + " tokens"};
    const std::string mark = "\xE2\x96\x81";
    // GGUF keeps no do_lower_case: a vocabulary with upper-case words is a cased model's.
    bool upper = false;
    std::string vocab_txt;
    for (size_t id = 0; id < tokens.size(); ++id) {
        const std::string& t = tokens[id];
        if (t.find('\n') != std::string::npos) return Error{"WordPiece token " + std::to_string(id) + " holds a line break"};
        const bool control = types ? (*types)[id] == kControl : t.size() > 1 && t.front() == '[' && t.back() == ']';
        if (control) {
            vocab_txt += t;
        } else {
            const std::string word = t.compare(0, mark.size(), mark) == 0 ? t.substr(mark.size()) : "##" + t;
            for (char c : word) upper |= c >= 'A' && c <= 'Z';
            vocab_txt += word;
        }
        vocab_txt += '\n';
    }
    return bert_vocab_tokenizer(vocab_txt, upper ? R"({"do_lower_case": false})" : R"({"do_lower_case": true})");
}

}  // namespace

void keep_gguf_tokenizer_arrays(GgufHeaderReader::Options& options) {
    options.string_arrays.insert(kTokens);
    options.string_arrays.insert(kMerges);
    options.integer_arrays.insert(kTypes);
}

Expected<TokenizerSpec> gguf_tokenizer_spec(const GgufHeaderReader& h) {
    const std::string model = text_of(h, "tokenizer.ggml.model");
    const std::vector<std::string>* tokens = h.strings(kTokens);
    if (model.empty() || !tokens) return Error{"the file carries no tokenizer (tokenizer.ggml.model and .tokens)"};
    if (tokens->empty()) return Error{"tokenizer.ggml.tokens is empty"};
    Expected<TokenizerSpec> spec = Error{""};
    if (model == "gpt2") spec = byte_level_bpe(h, *tokens);
    else if (model == "bert") spec = wordpiece(h, *tokens);
    else
        return Error{"tokenizer.ggml.model \"" + model + "\" is not one we build from GGUF metadata (we build gpt2 and bert; "
                     "put the model's tokenizer.json beside the .gguf)"};
    if (!spec) return spec;
    if (model == "gpt2") {  // BERT's [CLS] ... [SEP] come from bert_vocab_tokenizer
        auto bos = token_id(h, "tokenizer.ggml.bos_token_id", tokens->size());
        if (!bos) return Error{bos.error()};
        auto eos = token_id(h, "tokenizer.ggml.eos_token_id", tokens->size());
        if (!eos) return Error{eos.error()};
        if (flag(h, "tokenizer.ggml.add_bos_token")) {
            if (*bos < 0) return Error{"add_bos_token is set without tokenizer.ggml.bos_token_id"};
            spec->post.before.push_back(uint32_t(*bos));
        }
        if (flag(h, "tokenizer.ggml.add_eos_token")) {
            if (*eos < 0) return Error{"add_eos_token is set without tokenizer.ggml.eos_token_id"};
            spec->post.after.push_back(uint32_t(*eos));
        }
    }
    return spec;
}

}  // namespace embx
