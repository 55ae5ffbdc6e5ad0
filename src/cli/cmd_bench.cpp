// embx bench TABLE [--queries N] [--threads N] [--json]
// embx bench --synthetic 151936x1536 [--queries N] [--json]   (an LLM-sized random int8 table)
// Times the nearest-neighbour scan with every available kernel and compares it with the time
// this machine needs merely to read the table's bytes once (measured here, in the same run).
#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>

#include <nlohmann/json.hpp>


#include "cli/commands.hpp"
#include "cli/memory_floor.hpp"
#include "cli/table_file.hpp"
#include "core/queries.hpp"
#include "core/scan_pool.hpp"
#include "core/search.hpp"
#include "core/synthetic_table.hpp"

namespace embx::cli {

namespace {

using Clock = std::chrono::steady_clock;

struct BenchArgs {
    std::string table, synthetic;
    int queries = 200;
    int threads = 1;
    bool json = false;
};

Expected<std::shared_ptr<EmbeddingTable>> synthetic_table(const std::string& shape) {
    unsigned long rows = 0, dims = 0;
    char x = 0, extra = 0;
    if (std::sscanf(shape.c_str(), "%lu%c%lu%c", &rows, &x, &dims, &extra) != 3 || x != 'x' || rows == 0 ||
        dims == 0 || dims > 65536 || rows > (1ul << 31))
        return Error{"--synthetic expects ROWSxDIMS, e.g. 151936x1536"};
    return make_synthetic_i8_table(rows, dims);
}

// Median ms per query of neighbors() for `words`, the scan split over `pool` (may be null).
Expected<double> median_query_ms(const EmbeddingTable& t, const std::vector<uint32_t>& words,
                                 const kernels::KernelSet* k, ScanPool* pool) {
    (void)neighbors(t, t.word(words[0]), 10, k, pool);  // warm-up
    std::vector<double> times;
    for (uint32_t w : words) {
        const auto t0 = Clock::now();
        auto r = neighbors(t, t.word(w), 10, k, pool);
        times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (!r) return Error{r.error()};
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

int run_bench(const BenchArgs& a) {
    if (a.queries <= 0) return report_error("--queries must be at least 1");
    if (a.threads <= 0 || a.threads > 256) return report_error("--threads must be 1..256");
    if (const std::string why = threads_unavailable(a.threads); !why.empty()) return report_error(why);
    if (a.table.empty() == a.synthetic.empty()) return report_error("give a TABLE or --synthetic ROWSxDIMS");
    Expected<std::shared_ptr<EmbeddingTable>> loaded = Error{""};
    if (!a.synthetic.empty()) {
        loaded = synthetic_table(a.synthetic);
    } else {
        LoadRequest req;
        req.path = a.table;
        loaded = load_table_file(req);
    }
    if (!loaded) return report_error(loaded.error());
    const EmbeddingTable& t = **loaded;
    const size_t bytes = t.rows() * t.row_bytes();
    uint64_t sink = 0;
    const double read_s = read_seconds(t.rows_begin(), bytes, sink);
    const double read_gbs = double(bytes) / read_s / 1e9;

    std::mt19937 rng(12345);
    const size_t pool = std::min<size_t>(t.rows(), 20000);
    std::vector<uint32_t> words(size_t(a.queries));
    for (auto& w : words) w = uint32_t(rng() % pool);

    nlohmann::ordered_json out = {{"table", a.table.empty() ? t.info().name : a.table}, {"rows", t.rows()}, {"dims", t.dims()},
                                  {"dtype", std::string(dtype_name(t.dtype()))}, {"bytes", bytes},
                                  {"read_gb_per_s", read_gbs}, {"read_ms", read_s * 1e3}, {"kernels", nlohmann::ordered_json::array()}};
    if (!a.json)
        std::printf("%s: %zu rows x %u dims (%s), %.1f MB of rows\nread once: %.2f ms (%.1f GB/s)\n",
                    t.info().name.c_str(), t.rows(), t.dims(), std::string(dtype_name(t.dtype())).c_str(), double(bytes) / 1e6,
                    read_s * 1e3, read_gbs);
    for (const auto* k : kernels::available_kernels()) {
        auto ms = median_query_ms(t, words, k, nullptr);
        if (!ms) return report_error(ms.error());
        const double median = *ms / 1e3;
        // The dot-product kernel alone over every row (no scaling, no top-k), for int8 tables.
        double kernel_ms = 0;
        if (t.dtype() == DType::I8) {
            auto pq = PreparedQuery::make(t, unit_row(t, words[0]).data());
            std::vector<int32_t> dots(t.rows());
            std::vector<double> kt;
            for (int rep = 0; rep < 20 && pq; ++rep) {
                const auto t0 = Clock::now();
                k->dot_rows_i8(t.rows_begin(), t.row_bytes(), t.rows(), pq->q16(), pq->padded_dims(), dots.data());
                kt.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
                sink += uint64_t(dots[rep % dots.size()]);
            }
            std::sort(kt.begin(), kt.end());
            if (!kt.empty()) kernel_ms = kt[kt.size() / 2] * 1e3;
        }
        const double gbs = double(bytes) / median / 1e9;
        out["kernels"].push_back({{"kernel", std::string(k->name)}, {"ms_per_query", median * 1e3}, {"gb_per_s", gbs},
                                  {"vs_read", median / read_s}, {"kernel_only_ms", kernel_ms}});
        if (!a.json)
            std::printf("%-8s %8.2f ms/query  %6.1f GB/s  %.2fx the read time  (dot kernel alone %.2f ms)\n",
                        std::string(k->name).c_str(), median * 1e3, gbs, median / read_s, kernel_ms);
    }
    // The same scan split over --threads threads (fastest kernel), beside one thread.
    {
        ScanPool scan_pool(size_t(a.threads));
        auto one = median_query_ms(t, words, nullptr, nullptr);
        auto many = median_query_ms(t, words, nullptr, &scan_pool);
        if (!one) return report_error(one.error());
        if (!many) return report_error(many.error());
        out["threads"] = a.threads;
        out["ms_per_query_1_thread"] = *one;
        out["ms_per_query_threads"] = *many;
        out["thread_speedup"] = *one / *many;
        if (!a.json)
            std::printf("threads  %8.2f ms/query with 1 thread, %.2f ms with %d: %.2fx\n", *one, *many, a.threads,
                        *one / *many);
    }
    out["checksum"] = sink;
    if (a.json) std::printf("%s\n", out.dump(2, ' ', false, decltype(out)::error_handler_t::replace).c_str());
    return 0;
}

}  // namespace

void add_bench_command(CLI::App& app, int& exit_code) {
    auto a = std::make_shared<BenchArgs>();
    CLI::App* cmd = app.add_subcommand("bench", "Time the neighbour scan per kernel against reading the table once");
    cmd->add_option("table", a->table, "Table file");
    cmd->add_option("--synthetic", a->synthetic, "Benchmark a random int8 table of ROWSxDIMS instead");
    cmd->add_option("--queries", a->queries, "Queries per kernel (median reported)")->capture_default_str();
    cmd->add_option("--threads", a->threads, "Also time the scan split over N threads")->capture_default_str();
    cmd->add_flag("--json", a->json, "{\"read_gb_per_s\": x, \"kernels\": [{\"kernel\", \"ms_per_query\", \"gb_per_s\"}...]}");
    cmd->callback([a, &exit_code] { exit_code = run_bench(*a); });
}

}  // namespace embx::cli
