#include "formats/bert_vocab_tokenizer.hpp"

#include <nlohmann/json.hpp>

namespace embx {

Expected<TokenizerSpec> bert_vocab_tokenizer(const std::string& vocab_txt, const std::string& tokenizer_config_json) {
    TokenizerSpec spec;
    NormalizerStep norm;
    norm.kind = NormalizerStep::Kind::Bert;
    std::string unk = "[UNK]", cls = "[CLS]", sep = "[SEP]";
    if (!tokenizer_config_json.empty()) {
        const auto j = nlohmann::json::parse(tokenizer_config_json, nullptr, false);
        if (j.is_discarded() || !j.is_object()) return Error{"tokenizer_config.json: not a JSON object"};
        if (j.contains("do_lower_case") && j["do_lower_case"].is_boolean()) norm.lowercase = j["do_lower_case"].get<bool>();
        if (j.contains("strip_accents") && j["strip_accents"].is_boolean()) norm.strip_accents = j["strip_accents"].get<bool>();
        if (j.contains("tokenize_chinese_chars") && j["tokenize_chinese_chars"].is_boolean())
            norm.chinese = j["tokenize_chinese_chars"].get<bool>();
        for (auto [key, out] : {std::pair<const char*, std::string*>{"unk_token", &unk}, {"cls_token", &cls}, {"sep_token", &sep}})
            if (j.contains(key) && j[key].is_string()) *out = j[key].get<std::string>();
    }
    spec.normalizer.push_back(norm);
    PreTokenizerStep pre;
    pre.kind = PreTokenizerStep::Kind::Bert;
    spec.pre_tokenizer.push_back(pre);
    spec.model.kind = ModelSpec::Kind::WordPiece;
    spec.model.continuing_subword_prefix = "##";
    spec.model.unk_token = unk;
    size_t start = 0;
    while (start < vocab_txt.size()) {  // one token a line, its id the line number
        size_t end = vocab_txt.find('\n', start);
        if (end == std::string::npos) end = vocab_txt.size();
        std::string line = vocab_txt.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        spec.model.vocab.push_back(std::move(line));
        start = end + 1;
    }
    const auto id_of = [&](const std::string& t) -> int64_t {
        for (size_t i = 0; i < spec.model.vocab.size(); ++i)
            if (spec.model.vocab[i] == t) return int64_t(i);
        return -1;
    };
    for (const std::string& t : {unk, cls, sep})
        if (id_of(t) < 0) return Error{"vocab.txt has no " + t + " token"};
    // The special tokens BertTokenizerFast registers, so "[CLS]" in a text is one token.
    for (const char* t : {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"}) {
        const int64_t id = id_of(t);
        if (id < 0) continue;
        AddedToken a;
        a.content = t;
        a.id = uint32_t(id);
        a.special = true;
        spec.added.push_back(a);
    }
    spec.post.before = {uint32_t(id_of(cls))};
    spec.post.after = {uint32_t(id_of(sep))};
    DecoderStep dec;
    dec.kind = DecoderStep::Kind::WordPiece;
    spec.decoder.push_back(dec);
    return spec;
}

}  // namespace embx
