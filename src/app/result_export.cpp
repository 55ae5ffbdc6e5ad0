#include "app/result_export.hpp"

#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace embx::app {

namespace {
double round6(float v) { return std::round(double(v) * 1e6) / 1e6; }
bool scores_are_cosines(const ResultsForExport& r) { return r.method.empty() || r.method == "3CosAdd"; }
}  // namespace

std::string results_to_tsv(const ResultsForExport& r) {
    std::string out = std::string("rank\tword\t") + (scores_are_cosines(r) ? "cosine" : "score") + "\n";
    char score[32];
    for (size_t i = 0; i < r.hits.size(); ++i) {
        std::snprintf(score, sizeof score, "%.6f", round6(r.hits[i].score));
        out += std::to_string(i + 1) + "\t" + r.hits[i].word + "\t" + score + "\n";
    }
    return out;
}

std::string results_to_json(const ResultsForExport& r) {
    using json = nlohmann::ordered_json;
    json out;
    out["tab"] = r.tab;
    out["query"] = r.query;
    if (!r.method.empty()) out["method"] = r.method;
    json list = json::array();
    for (size_t i = 0; i < r.hits.size(); ++i)
        list.push_back({{"rank", i + 1}, {"word", r.hits[i].word}, {"score", round6(r.hits[i].score)}});
    out["results"] = list;
    return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace embx::app
