// embx tokenize --tokenizer tokenizer.json TEXT [--json] [--verbose]
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/tokenizer_file.hpp"
#include "core/display_text.hpp"
#include "core/tokenizer/byte_level.hpp"

namespace embx::cli {

namespace {

struct TokenizeArgs {
    std::string tokenizer, text;
    bool json = false, verbose = false;
};

int run_tokenize(const TokenizeArgs& a) {
    auto tok = load_bpe_tokenizer(a.tokenizer, a.verbose);
    if (!tok) return report_error(tok.error());
    const std::vector<Token> tokens = tok->encode(a.text);
    if (a.json) {
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const Token& t : tokens) out.push_back({{"id", t.id}, {"token", t.text}});
        std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
        return 0;
    }
    // One token a line: id, the vocabulary string, and the text it stands for (escaped, so
    // partial UTF-8 and newlines stay visible).
    for (const Token& t : tokens) {
        const auto bytes = t.added ? std::optional<std::string>(t.text) : byte_level_decode(t.text);
        std::printf("%8u  %-20s  %s\n", t.id, escape_for_display(t.text).c_str(),
                    bytes ? escape_for_display(*bytes).c_str() : "");
    }
    return 0;
}

}  // namespace

void add_tokenize_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<TokenizeArgs>();
    CLI::App* cmd = app.add_subcommand("tokenize", "Token ids of TEXT with a byte-level BPE tokenizer.json (Qwen2/Qwen3)");
    cmd->add_option("--tokenizer", args->tokenizer, "Hugging Face tokenizer.json")->required();
    cmd->add_option("text", args->text, "Text to tokenize")->required();
    cmd->add_flag("--json", args->json, "Print [{\"id\":..., \"token\":...}, ...]");
    cmd->add_flag("--verbose", args->verbose, "Print the tokenizer's notes (size, merges)");
    cmd->callback([args, &exit_code] { exit_code = run_tokenize(*args); });
}

}  // namespace embx::cli
