// embx convert IN -o OUT.embx [--format auto|...] [--dtype f32|f16|i8] [--limit N]
//                             [--name NAME] [--meta key=value ...] [--block-rows N]
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "cli/commands.hpp"
#include "cli/table_file.hpp"
#include "formats/embx_writer.hpp"

namespace embx::cli {

namespace {

struct ConvertArgs {
    std::string in, out, format = "auto", dtype = "i8", name;
    std::vector<std::string> meta;
    uint64_t limit = 0;
    uint32_t block_rows = 4096;
};

Expected<DType> parse_dtype(const std::string& s) {
    if (s == "f32") return DType::F32;
    if (s == "f16") return DType::F16;
    if (s == "i8") return DType::I8;
    return Error{"unknown dtype '" + s + "' (known: f32, f16, i8)"};
}

int run_convert(const ConvertArgs& a) {
    auto dtype = parse_dtype(a.dtype);
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
    auto table = load_table_file(req);
    if (!table) return report_error(table.error());
    EmbeddingTable& t = **table;
    if (t.dtype() != *dtype)
        return report_error("converting between dtypes of an .embx table is not supported yet");
    if (!a.name.empty()) t.set_name(a.name);
    if (!meta.empty()) t.set_metadata(meta);

    // Write to a temporary name and rename at the end: no half-written table survives a failure.
    const std::string tmp = a.out + ".partial";
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) return report_error(tmp + ": cannot create: " + std::strerror(errno));
    EmbxWriteOptions wopt;
    wopt.block_rows = a.block_rows;
    Status s = write_embx(t, wopt, [f](const uint8_t* p, size_t n) {
        return std::fwrite(p, 1, n, f) == n;
    });
    if (std::fclose(f) != 0 && s.ok()) s = Error{tmp + ": write failed: " + std::strerror(errno)};
    std::error_code ec;
    if (!s.ok()) {
        std::filesystem::remove(tmp, ec);
        return report_error(s.error());
    }
    std::filesystem::rename(tmp, a.out, ec);
    if (ec) return report_error(a.out + ": cannot rename from " + tmp + ": " + ec.message());
    std::fprintf(stderr, "wrote %s: %zu rows x %u dims, %s, %ju bytes\n", a.out.c_str(), t.rows(),
                 t.dims(), std::string(dtype_name(t.dtype())).c_str(),
                 uintmax_t(std::filesystem::file_size(a.out, ec)));
    return 0;
}

}  // namespace

void add_convert_command(CLI::App& app, int& exit_code) {
    auto a = std::make_shared<ConvertArgs>();
    CLI::App* cmd = app.add_subcommand("convert", "Convert an embedding file into an .embx table");
    cmd->add_option("input", a->in, "Input file")->required();
    cmd->add_option("-o,--output", a->out, "Output .embx file")->required();
    cmd->add_option("--format", a->format, "Input format: auto, embx, wink-json")->capture_default_str();
    cmd->add_option("--dtype", a->dtype, "Storage type: f32, f16, i8")->capture_default_str();
    cmd->add_option("--limit", a->limit, "Keep only the first N rows (0 = all)");
    cmd->add_option("--name", a->name, "Display name stored in the table");
    cmd->add_option("--meta", a->meta, "Extra metadata key=value (repeatable)");
    cmd->add_option("--block-rows", a->block_rows, "Rows per streamed block")->capture_default_str();
    cmd->callback([a, &exit_code] { exit_code = run_convert(*a); });
}

}  // namespace embx::cli
