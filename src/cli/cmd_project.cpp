// embx project TABLE [--method pca|tsne] [--dims 2|3] [--limit N] [--json|--csv] [--spherize]
//                    [--perplexity P] [--iterations N] [--seed S]
// 2-D/3-D coordinates for the first N rows (frequency order), as the explorer's projection view
// computes them. --limit defaults to every row for PCA and to 5000 for t-SNE, whose cost grows
// with n (Barnes-Hut is O(n log n) per iteration, and the neighbour search is O(n^2)).
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/table_file.hpp"
#include "core/display_text.hpp"
#include "core/pca.hpp"
#include "core/tsne.hpp"

namespace embx::cli {

namespace {

constexpr size_t kTsneDefaultLimit = 5000;

struct ProjectArgs {
    std::string table, method = "pca";
    int dims = 2;
    long long limit = 0;  // only read when given (--limit counted)
    bool limit_given = false, tsne_options_given = false;
    bool json = false, csv = false, spherize = false;
    double perplexity = 30;
    int iterations = 1000;
    uint64_t seed = 42;
};

// What every output format needs, whichever method made it.
struct Projection {
    size_t rows = 0;
    int dims = 0;
    const std::vector<float>* coords = nullptr;
    std::vector<double> ratio;  // PCA only
    double kl = -1;             // t-SNE only
    double seconds = 0;
};

// A progress line on stderr, only on a terminal (node under NODERAWFS claims every stream is one).
class StatusLine {
public:
    StatusLine()
#if defined(__EMSCRIPTEN__)
        : tty_(false)
#else
        : tty_(isatty(STDERR_FILENO) != 0)
#endif
    {
    }
    void show(const char* label, double fraction, const std::string& detail = "") {
        if (!tty_) return;
        const auto now = std::chrono::steady_clock::now();
        if (fraction < 1 && now - last_ < std::chrono::milliseconds(100)) return;
        last_ = now;
        std::fprintf(stderr, "\r%s %5.1f%% %s\033[K", label, 100 * fraction, detail.c_str());
        std::fflush(stderr);
    }
    void clear() {
        if (tty_) std::fprintf(stderr, "\r\033[K");
    }

private:
    bool tty_;
    std::chrono::steady_clock::time_point last_{};
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string csv_field(std::string_view w) {
    if (w.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(w);
    std::string out = "\"";
    for (char c : w) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string json_string(std::string_view w) {
    return nlohmann::json(std::string(w)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

const char* const kAxes[] = {"x", "y", "z"};

// Points are written one by one: a full table as a JSON DOM would take hundreds of MB.
void print_json(const EmbeddingTable& t, const std::string& method, const Projection& p) {
    nlohmann::ordered_json head = {{"method", method}, {"dims", p.dims}, {"rows", p.rows}};
    if (method == "pca") head["explained_variance_ratio"] = p.ratio;
    if (method == "tsne") head["kl_divergence"] = p.kl;
    head["seconds"] = p.seconds;
    std::string text = head.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    text.pop_back();  // reopen the object for "points"
    std::printf("%s,\"points\":[", text.c_str());
    for (size_t r = 0; r < p.rows; ++r) {
        std::printf("%s{\"word\":%s", r ? "," : "", json_string(t.word(r)).c_str());
        for (int c = 0; c < p.dims; ++c) std::printf(",\"%s\":%.7g", kAxes[c], double((*p.coords)[r * size_t(p.dims) + size_t(c)]));
        std::printf("}");
    }
    std::printf("]}\n");
}

void print_csv(const EmbeddingTable& t, const Projection& p) {
    std::printf("word");
    for (int c = 0; c < p.dims; ++c) std::printf(",%s", kAxes[c]);
    std::printf("\n");
    for (size_t r = 0; r < p.rows; ++r) {
        std::printf("%s", csv_field(t.word(r)).c_str());
        for (int c = 0; c < p.dims; ++c) std::printf(",%.7g", double((*p.coords)[r * size_t(p.dims) + size_t(c)]));
        std::printf("\n");
    }
}

void print_human(const EmbeddingTable& t, const ProjectArgs& a, const Projection& p) {
    if (a.method == "pca") {
        std::printf("PCA%s of %zu rows x %u dims -> %d dims in %.3f s\n", a.spherize ? " (spherized)" : "", p.rows,
                    t.dims(), p.dims, p.seconds);
        double total = 0;
        std::printf("explained variance ratio:");
        for (double r : p.ratio) {
            std::printf(" %.4f", r);
            total += r;
        }
        std::printf(" (together %.4f)\n", total);
    } else {
        std::printf("t-SNE of %zu rows -> %d dims, perplexity %g, %d iterations, KL divergence %.4f, in %.1f s\n",
                    p.rows, p.dims, a.perplexity, a.iterations, p.kl, p.seconds);
    }
    const size_t shown = std::min<size_t>(p.rows, 10);
    std::printf("first %zu of %zu points:\n", shown, p.rows);
    for (size_t r = 0; r < shown; ++r) {
        const std::string w = escape_for_display(t.word(r));
        std::printf("  %-20s", w.c_str());
        for (int c = 0; c < p.dims; ++c) std::printf(" %10.4f", double((*p.coords)[r * size_t(p.dims) + size_t(c)]));
        std::printf("\n");
    }
}

int run_project(const ProjectArgs& a) {
    if (a.method != "pca" && a.method != "tsne")
        return report_error("--method must be pca or tsne, got '" + a.method + "'");
    if (a.dims != 2 && a.dims != 3) return report_error("--dims must be 2 or 3 (got " + std::to_string(a.dims) + ")");
    if (a.limit_given && a.limit < 2)
        return report_error("--limit must be at least 2 rows (got " + std::to_string(a.limit) + ")");
    if (a.json && a.csv) return report_error("give --json or --csv, not both");
    if (a.method == "pca" && a.tsne_options_given)
        return report_error("--perplexity, --iterations and --seed apply to --method tsne only");
    if (a.method == "tsne" && a.spherize)
        return report_error("--spherize applies to --method pca only (t-SNE's neighbours are by cosine already)");
    if (a.method == "tsne" && !(a.perplexity > 0 && std::isfinite(a.perplexity)))
        return report_error("--perplexity must be a positive number");
    if (a.method == "tsne" && a.iterations < 1)
        return report_error("--iterations must be at least 1 (got " + std::to_string(a.iterations) + ")");

    LoadRequest req;
    req.path = a.table;
    auto table = load_table_file(req);
    if (!table) return report_error(table.error());
    const EmbeddingTable& t = **table;
    StatusLine status;
    Projection p;
    p.dims = a.dims;
    const auto t0 = std::chrono::steady_clock::now();

    PcaResult pca_result;
    Expected<Tsne> tsne = Error{""};
    if (a.method == "pca") {
        PcaOptions opt;
        opt.dims = a.dims;
        opt.limit = a.limit_given ? size_t(a.limit) : 0;
        opt.spherize = a.spherize;
        auto r = pca(t, opt, [&status](double f) {
            status.show("PCA", f);
            return true;
        });
        status.clear();
        if (!r) return report_error(r.error());
        pca_result = std::move(*r);
        p.rows = pca_result.rows;
        p.coords = &pca_result.coords;
        p.ratio = pca_result.explained_variance_ratio;
    } else {
        const size_t n = std::min(a.limit_given ? size_t(a.limit) : kTsneDefaultLimit, t.rows());
        if (n < 2) return report_error("t-SNE needs at least 2 rows (the table has " + std::to_string(t.rows()) + ")");
        // sklearn's neighbour count: 3 x perplexity (+1), at most every other point.
        const size_t k = std::min(n - 1, size_t(3 * a.perplexity) + 1);
        status.show("t-SNE neighbours", 0);
        auto knn = knn_for_tsne(t, n, k);
        if (!knn) return report_error(knn.error());
        TsneOptions opt;
        opt.dims = a.dims;
        opt.perplexity = a.perplexity;
        opt.iterations = a.iterations;
        opt.seed = a.seed;
        tsne = Tsne::create(*knn, opt);
        if (!tsne) return report_error(tsne.error());
        while (tsne->step(10)) {
            char detail[64];
            std::snprintf(detail, sizeof detail, "iteration %d/%d, KL %.4f", tsne->iteration(), a.iterations,
                          tsne->kl_divergence());
            status.show("t-SNE", double(tsne->iteration()) / a.iterations, detail);
        }
        status.clear();
        p.rows = tsne->points();
        p.coords = &tsne->coords();
        p.kl = tsne->kl_divergence();
    }
    p.seconds = seconds_since(t0);

    if (a.json)
        print_json(t, a.method, p);
    else if (a.csv)
        print_csv(t, p);
    else
        print_human(t, a, p);
    return 0;
}

}  // namespace

void add_project_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<ProjectArgs>();
    CLI::App* cmd = app.add_subcommand("project", "2-D/3-D coordinates of the first rows by PCA or t-SNE");
    cmd->add_option("table", args->table, "Table file (.embx or any importable format)")->required();
    cmd->add_option("--method", args->method, "pca or tsne")->capture_default_str();
    cmd->add_option("--dims", args->dims, "Output dimensions: 2 or 3")->capture_default_str();
    CLI::Option* limit = cmd->add_option("--limit", args->limit, "First N rows (default: all for pca, 5000 for tsne)");
    cmd->add_flag("--json", args->json,
                  "Print {\"method\", \"dims\", \"rows\", \"explained_variance_ratio\" | \"kl_divergence\", "
                  "\"seconds\", \"points\": [{\"word\", \"x\", \"y\"[, \"z\"]}]}");
    cmd->add_flag("--csv", args->csv, "Print word,x,y[,z] lines");
    cmd->add_flag("--spherize", args->spherize, "PCA: centre and scale each row to unit length first");
    CLI::Option* perplexity = cmd->add_option("--perplexity", args->perplexity, "t-SNE perplexity")->capture_default_str();
    CLI::Option* iterations = cmd->add_option("--iterations", args->iterations, "t-SNE iterations")->capture_default_str();
    CLI::Option* seed = cmd->add_option("--seed", args->seed, "t-SNE random seed")->capture_default_str();
    cmd->callback([args, limit, perplexity, iterations, seed, &exit_code] {
        args->limit_given = limit->count() > 0;
        args->tsne_options_given = perplexity->count() + iterations->count() + seed->count() > 0;
        exit_code = run_project(*args);
    });
}

}  // namespace embx::cli
