// embx convert IN|MODEL_DIR -o OUT.embx [--format auto|...] [--dtype f32|f16|i8] [--limit N]
//                             [--name NAME] [--meta key=value ...] [--block-rows N]
//                             [--tokenizer tokenizer.json] [--tensor NAME]
//                             [--to embx|word2vec-text|word2vec-bin|tsv] [--vocab FILE]
#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "cli/commands.hpp"
#include "cli/table_file.hpp"
#include "cli/table_output.hpp"
#include "cli/tokenizer_file.hpp"
#include "cli/vocab_file.hpp"

namespace embx::cli {

namespace {

struct ConvertArgs {
    std::string in, out, format = "auto", dtype, name;  // dtype "" = i8 for .embx, else f32
    std::vector<std::string> meta;
    std::string tokenizer, tensor;  // LLM matrices: row names, which tensor
    std::string to, vocab;          // output format ("" = from the name), row names file
    uint64_t limit = 0;
    uint32_t block_rows = 4096;
};

Expected<DType> parse_dtype(const std::string& s) {
    if (s == "f32") return DType::F32;
    if (s == "f16") return DType::F16;
    if (s == "i8") return DType::I8;
    if (s == "i4") return DType::I4;
    return Error{"unknown dtype '" + s + "' (known: f32, f16, i8, i4)"};
}

int run_convert(const ConvertArgs& a) {
    auto to = output_format(a.to, a.out);
    if (!to) return report_error(to.error());
    // Exchange formats hold floats: importing them as i8 would only lose precision.
    auto dtype = parse_dtype(!a.dtype.empty() ? a.dtype : *to == OutputFormat::Embx ? "i8" : "f32");
    if (!dtype) return report_error(dtype.error());
    auto format = parse_format_name(a.format);
    if (!format) return report_error(format.error());
    std::vector<std::pair<std::string, std::string>> meta;
    for (const auto& kv : a.meta) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0)
            return report_error("--meta expects key=value, got '" + kv + "'");
        meta.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    }

    LoadRequest req;
    req.path = a.in;
    req.format = *format;
    req.options.dtype = *dtype;
    req.options.limit = a.limit;
    req.options.tensor_name = a.tensor;
    if (!a.tokenizer.empty()) {
        auto vocab = load_tokenizer_vocab(a.tokenizer);
        if (!vocab) return report_error(vocab.error());
        req.options.vocabulary = *vocab;
    }
    if (!a.vocab.empty()) {
        if (!a.tokenizer.empty()) return report_error("--vocab and --tokenizer both name the rows: give one");
        auto vocab = load_vocabulary_file(a.vocab);
        if (!vocab) return report_error(vocab.error());
        req.options.vocabulary = *vocab;
    }
    auto table = load_table_file(req);
    if (!table) return report_error(table.error());
    EmbeddingTable& t = **table;
    if (t.dtype() != *dtype && *to == OutputFormat::Embx)
        return report_error("converting between dtypes of an .embx table is not supported yet");
    if (!a.name.empty()) t.set_name(a.name);
    if (!meta.empty()) {  // --meta adds or replaces keys; the importer's provenance stays
        auto merged = t.info().metadata;
        for (const auto& kv : meta) {
            auto it = std::find_if(merged.begin(), merged.end(), [&kv](const auto& e) { return e.first == kv.first; });
            if (it != merged.end()) it->second = kv.second;
            else merged.push_back(kv);
        }
        t.set_metadata(std::move(merged));
    }

    if (!a.tokenizer.empty() && *to == OutputFormat::Embx) embed_tokenizer_json(t, a.tokenizer);

    auto written = write_table_output(t, *to, a.out, a.block_rows);
    if (!written) return report_error(written.error());
    for (const auto& path : *written) {
        std::error_code ec;
        std::fprintf(stderr, "wrote %s: %zu rows x %u dims, %s, %ju bytes\n", path.c_str(), t.rows(), t.dims(),
                     std::string(dtype_name(t.dtype())).c_str(), uintmax_t(std::filesystem::file_size(path, ec)));
    }
    return 0;
}

}  // namespace

void add_convert_command(CLI::App& app, int& exit_code) {
    auto a = std::make_shared<ConvertArgs>();
    CLI::App* cmd = app.add_subcommand("convert", "Convert an embedding file into an .embx table");
    cmd->add_option("input", a->in,
                    "Input file, or a Hugging Face model folder (its tokenizer, and only the bytes of the token "
                    "embedding tensor, are read; shards included)")->required();
    cmd->add_option("-o,--output", a->out, "Output file (.embx, .txt/.vec, .bin, .tsv)")->required();
    cmd->add_option("--format", a->format,
                    "Input format: auto, embx, wink-json, safetensors, gguf, glove-text, word2vec-text, "
                    "word2vec-bin, fasttext-vec, tsv, npy")->capture_default_str();
    cmd->add_option("--to", a->to,
                    "Output format: embx, word2vec-text, word2vec-bin, tsv (vectors + OUT-metadata.tsv); "
                    "default from the output name");
    cmd->add_option("--dtype", a->dtype, "Storage type: f32, f16, i8 (default: i8 for .embx, f32 otherwise)");
    cmd->add_option("--limit", a->limit, "Keep only the first N rows (0 = all)");
    cmd->add_option("--name", a->name, "Display name stored in the table");
    cmd->add_option("--meta", a->meta, "Extra metadata key=value (repeatable)");
    cmd->add_option("--block-rows", a->block_rows, "Rows per streamed block")->capture_default_str();
    cmd->add_option("--tokenizer", a->tokenizer,
                    "Hugging Face tokenizer.json naming the rows of an LLM matrix (safetensors, GGUF); "
                    "a byte-level BPE one is also embedded in the .embx for tokenizing sentences");
    cmd->add_option("--tensor", a->tensor,
                    "Tensor to import from a safetensors or GGUF file (default: the token embedding)");
    cmd->add_option("--vocab", a->vocab,
                    "Row names for a matrix without words (.npy, vectors.tsv): one token per line, "
                    "or a Projector metadata.tsv");
    cmd->callback([a, &exit_code] { exit_code = run_convert(*a); });
}

}  // namespace embx::cli
