// embx bench TABLE [--queries N] [--json]
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
#include "cli/table_file.hpp"
#include "core/queries.hpp"
#include "core/search.hpp"

namespace embx::cli {

namespace {

using Clock = std::chrono::steady_clock;

struct BenchArgs {
    std::string table, synthetic;
    int queries = 200;
    bool json = false;
};

// Best-of-N time of one pass that reads every byte (sums 64-bit words; the sum is printed in
// --json so the loop cannot be optimised away).
double read_seconds(const uint8_t* p, size_t n, uint64_t& sink) {
    double best = 1e9;
    for (int rep = 0; rep < 7; ++rep) {
        const auto t0 = Clock::now();
        uint64_t a = 0, b = 0, c = 0, d = 0;
        size_t i = 0;
        for (; i + 32 <= n; i += 32) {
            uint64_t w[4];
            std::memcpy(w, p + i, 32);
            a += w[0];
            b += w[1];
            c += w[2];
            d += w[3];
        }
        sink += a ^ b ^ c ^ d;
        best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
    }
    return best;
}

// A random int8 table of the given shape (fixed seed): the scan cost does not depend on values.
Expected<std::shared_ptr<EmbeddingTable>> synthetic_table(const std::string& shape) {
    unsigned long rows = 0, dims = 0;
    char x = 0, extra = 0;
    if (std::sscanf(shape.c_str(), "%lu%c%lu%c", &rows, &x, &dims, &extra) != 3 || x != 'x' || rows == 0 ||
        dims == 0 || dims > 65536 || rows > (1ul << 31))
        return Error{"--synthetic expects ROWSxDIMS, e.g. 151936x1536"};
    TableInfo info;
    info.name = "synthetic " + shape;
    info.dtype = DType::I8;
    info.dims = uint32_t(dims);
    info.expected_rows = rows;
    auto t = std::make_shared<EmbeddingTable>(info);
    if (!t->reserve_rows(rows)) return Error{"not enough memory for " + shape};
    std::mt19937 rng(7);
    std::vector<uint8_t> row(t->row_bytes(), 0);
    for (unsigned long r = 0; r < rows; ++r) {
        int64_t sq = 0;
        for (unsigned long d = 0; d < dims; ++d) {
            const int v = int(rng() % 255) - 127;
            row[d] = uint8_t(int8_t(v));
            sq += v * v;
        }
        t->append_row("t" + std::to_string(r), row.data(), 0.01f, float(std::sqrt(double(sq)) * 0.01));
    }
    return t;
}

int run_bench(const BenchArgs& a) {
    if (a.queries <= 0) return report_error("--queries must be at least 1");
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
        (void)neighbors(t, t.word(words[0]), 10, k);  // warm-up
        std::vector<double> times;
        for (uint32_t w : words) {
            const auto t0 = Clock::now();
            auto r = neighbors(t, t.word(w), 10, k);
            times.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
            if (!r) return report_error(r.error());
        }
        std::sort(times.begin(), times.end());
        const double median = times[times.size() / 2];
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
    out["checksum"] = sink;
    if (a.json) std::printf("%s\n", out.dump(2).c_str());
    return 0;
}

}  // namespace

void add_bench_command(CLI::App& app, int& exit_code) {
    auto a = std::make_shared<BenchArgs>();
    CLI::App* cmd = app.add_subcommand("bench", "Time the neighbour scan per kernel against reading the table once");
    cmd->add_option("table", a->table, "Table file");
    cmd->add_option("--synthetic", a->synthetic, "Benchmark a random int8 table of ROWSxDIMS instead");
    cmd->add_option("--queries", a->queries, "Queries per kernel (median reported)")->capture_default_str();
    cmd->add_flag("--json", a->json, "{\"read_gb_per_s\": x, \"kernels\": [{\"kernel\", \"ms_per_query\", \"gb_per_s\"}...]}");
    cmd->callback([a, &exit_code] { exit_code = run_bench(*a); });
}

}  // namespace embx::cli
