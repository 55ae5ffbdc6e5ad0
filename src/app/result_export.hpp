// Results as text for the clipboard (the Copy buttons of Search and Arithmetic): TSV for a
// spreadsheet, JSON for a script. Scores are rounded to 6 decimals, as `embx neighbors --json`
// prints them, so a pasted list and the command line agree.
#pragma once

#include <string>
#include <vector>

#include "app/text_format.hpp"

namespace embx::app {

struct ResultsForExport {
    std::string tab;     // "search" or "arithmetic"
    std::string query;   // the word or the expression
    std::string method;  // "" for a search; "3CosAdd" or "3CosMul"
    std::vector<NamedHit> hits;
};

// "rank\tword\tscore\n1\tprince\t0.769025\n..." (the score column is "cosine" for a search
// and 3CosAdd). Words are display-escaped, so they hold no tab or newline.
std::string results_to_tsv(const ResultsForExport& r);
// {"tab":"search","query":"king","results":[{"rank":1,"word":"prince","score":0.769025},...]}
std::string results_to_json(const ResultsForExport& r);

}  // namespace embx::app
