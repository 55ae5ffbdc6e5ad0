// The scan pool of the web shell, and benchScan(): the single-query scan over a synthetic
// table generated in wasm memory, timed in the browser with 1 or 2 threads
// (bench/browser_scan.mjs).
#include "platform/web/scan_threads_web.hpp"

#include <emscripten.h>
#include <emscripten/bind.h>
#include <emscripten/threading.h>
#include <emscripten/val.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/search.hpp"
#include "core/synthetic_table.hpp"

namespace embx::platform {

// Every web library is compiled once with -pthread; only embx-mt is linked with it, so
// whether threads exist is asked at run time.
bool web_has_threads() { return emscripten_has_threading_support() != 0; }

ScanPool& web_scan_pool() {
    // Workers come from the pool started with the page (-sPTHREAD_POOL_SIZE: two scan
    // threads, the Map tab's t-SNE thread, the Classroom's 2 training threads, the Context tab's): never more than two for scans.
    static ScanPool pool(web_has_threads() ? size_t(std::clamp(emscripten_num_logical_cores(), 1, 2)) : 1);
    return pool;
}

ScanPool& web_forward_pool() {
    // The Context tab's matrix products: one more worker of the page's pool (the calling thread is the other) (-sPTHREAD_POOL_SIZE),
    // apart from the scan threads so a search and a forward pass never share a pool.
    static ScanPool pool(web_has_threads() ? size_t(std::clamp(emscripten_num_logical_cores(), 1, 2)) : 1, true);
    return pool;
}

}  // namespace embx::platform

namespace {

using emscripten::val;

// Median ms/query of `queries` neighbour searches (k = 10) on a rows x dims random int8
// table (kept between calls of the same shape), the scan split over `threads` (1 or the
// pool's). `checksum` sums the hit rows, so 1- and 2-thread runs can be compared.
val bench_scan(int threads, int queries, double rows, int dims) {
    static std::shared_ptr<embx::EmbeddingTable> table;
    val out = val::object();
    embx::ScanPool& pool = embx::platform::web_scan_pool();
    if (threads < 1 || size_t(threads) > pool.threads() || queries < 1) {
        out.set("ok", false);
        out.set("error", "threads must be 1.." + std::to_string(pool.threads()) + " here, queries >= 1");
        return out;
    }
    if (!table || table->rows() != size_t(rows) || table->dims() != size_t(dims)) {
        table.reset();  // free the old one first: two LLM-sized tables may not fit
        auto t = embx::make_synthetic_i8_table(size_t(rows), size_t(dims));
        if (!t) {
            out.set("ok", false);
            out.set("error", t.error());
            return out;
        }
        table = *t;
    }
    std::mt19937 rng(12345);
    std::vector<double> times;
    double checksum = 0;
    embx::ScanPool* use = threads > 1 ? &pool : nullptr;
    (void)embx::neighbors(*table, table->word(0), 10, nullptr, use);  // warm-up
    for (int i = 0; i < queries; ++i) {
        const uint32_t row = uint32_t(rng() % std::min<size_t>(table->rows(), 20000));
        const double t0 = emscripten_get_now();
        auto r = embx::neighbors(*table, table->word(row), 10, nullptr, use);
        times.push_back(emscripten_get_now() - t0);
        if (r)
            for (const auto& h : *r) checksum += h.row;
    }
    std::sort(times.begin(), times.end());
    out.set("ok", true);
    out.set("threads", threads);
    out.set("rows", double(table->rows()));
    out.set("dims", int(table->dims()));
    out.set("queries", queries);
    out.set("msPerQuery", times[times.size() / 2]);
    out.set("minMs", times.front());
    out.set("checksum", checksum);
    return out;
}

int scan_threads() { return int(embx::platform::web_scan_pool().threads()); }

}  // namespace

EMSCRIPTEN_BINDINGS(embx_scan_threads) {
    emscripten::function("benchScan", &bench_scan);
    emscripten::function("scanThreads", &scan_threads);
}
