// embx info FILE [--json] [--samples N] [--row ID]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/display_text.hpp"
#include "cli/commands.hpp"
#include "cli/table_file.hpp"
#include "formats/checksum.hpp"
#include "formats/table_tokenizer.hpp"

namespace embx::cli {

namespace {

struct InfoArgs {
    std::string path;
    bool json = false;
    int samples = 3;
    int64_t row = -1;  // a row to show in full (an LLM token id); -1 = none
};

int run_info(const InfoArgs& a) {
    LoadRequest req;
    req.path = a.path;
    const auto t0 = std::chrono::steady_clock::now();
    auto table = load_table_file(req);
    const double load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!table) return report_error(table.error());
    const EmbeddingTable& t = **table;
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(a.path, ec);
    const size_t samples = std::min<size_t>(size_t(std::max(a.samples, 0)), t.rows());
    std::vector<float> v(t.dims());
    const auto replace = nlohmann::ordered_json::error_handler_t::replace;
    if (a.row >= 0 && uint64_t(a.row) >= t.rows())
        return report_error("row " + std::to_string(a.row) + " is out of range (the table has " +
                            std::to_string(t.rows()) + " rows)");

    if (a.json) {
        nlohmann::ordered_json out = {{"file", a.path},       {"name", t.info().name}, {"rows", t.rows()},
                              {"dims", t.dims()},     {"dtype", dtype_name(t.dtype())},
                              {"bytes", ec ? 0 : bytes}, {"metadata", nlohmann::ordered_json::object()}};
        for (const auto& [k, val] : t.info().metadata) out["metadata"][k] = metadata_value_for_display(k, val);
        char fp[17];
        std::snprintf(fp, sizeof fp, "%016llx", (unsigned long long)table_fingerprint(t));
        out["fingerprint"] = fp;
        out["load_seconds"] = load_seconds;  // read + parse + build the table  // equal fingerprints = identical rows, scales, norms and words
        out["samples"] = nlohmann::ordered_json::array();
        for (size_t r = 0; r < samples; ++r) {
            t.row_as_float(r, v.data());
            out["samples"].push_back({{"id", r}, {"word", std::string(t.word(r))},
                                      {"norm", t.norm(r)},
                                      {"values", std::vector<float>(v.begin(), v.begin() + std::min<size_t>(8, v.size()))}});
        }
        if (a.row >= 0) {  // every value: tests compare whole rows
            t.row_as_float(size_t(a.row), v.data());
            out["row"] = {{"id", a.row}, {"word", std::string(t.word(size_t(a.row)))},
                          {"norm", t.norm(size_t(a.row))}, {"values", v}};
        }
        std::printf("%s\n", out.dump(2, ' ', false, replace).c_str());
        return 0;
    }
    std::printf("file      %s\nname      %s\nrows      %zu\ndims      %u\ndtype     %s\nbytes     %ju\n"
                "fingerprint %016llx\n",
                escape_for_display(a.path).c_str(), escape_for_display(t.info().name).c_str(), t.rows(), t.dims(),
                std::string(dtype_name(t.dtype())).c_str(), uintmax_t(ec ? 0 : bytes),
                (unsigned long long)table_fingerprint(t));
    for (const auto& [k, val] : t.info().metadata)
        std::printf("meta      %s = %s\n", escape_for_display(k).c_str(), metadata_value_for_display(k, val).c_str());
    for (size_t r = 0; r < samples; ++r) {
        t.row_as_float(r, v.data());
        std::printf("row %-5zu %-16s", r, escape_for_display(t.word(r)).c_str());
        for (size_t i = 0; i < std::min<size_t>(5, v.size()); ++i) std::printf(" %9.6f", double(v[i]));
        std::printf(" ...\n");
    }
    if (a.row >= 0) {
        const size_t r = size_t(a.row);
        t.row_as_float(r, v.data());
        std::printf("row %zu\ntoken     %s\nnorm      %.6f\nvalues   ", r, escape_for_display(t.word(r)).c_str(),
                    double(t.norm(r)));
        for (size_t i = 0; i < std::min<size_t>(8, v.size()); ++i) std::printf(" %9.6f", double(v[i]));
        std::printf("%s\n", v.size() > 8 ? " ..." : "");
    }
    return 0;
}

}  // namespace

void add_info_command(CLI::App& app, int& exit_code) {
    auto a = std::make_shared<InfoArgs>();
    CLI::App* cmd = app.add_subcommand("info", "Describe a table: shape, dtype, metadata, sample rows");
    cmd->add_option("file", a->path, "Table file")->required();
    cmd->add_flag("--json", a->json, "Machine-readable output");
    cmd->add_option("--samples", a->samples, "Sample rows to show")->capture_default_str();
    cmd->add_option("--row", a->row, "Show this row (token id): its token and values");
    cmd->callback([a, &exit_code] { exit_code = run_info(*a); });
}

}  // namespace embx::cli
