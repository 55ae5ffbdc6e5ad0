// The UI snapshot the web page mirrors as HTML: one-line summaries per tab, the JSON the page
// polls (strings survive quotes, markup and bad bytes), and the Copy buttons' TSV and JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/result_export.hpp"
#include "app/ui_snapshot.hpp"

namespace embx::app {
namespace {

std::vector<NamedHit> hits(size_t n) {
    std::vector<NamedHit> h;
    for (size_t i = 0; i < n; ++i) h.push_back({"w" + std::to_string(i), 0.9f - 0.01f * float(i)});
    return h;
}

TEST(UiSnapshot, SearchSummaryNamesWordsWithScores) {
    SearchSnapshot s;
    EXPECT_EQ(describe_search(s), "");  // nothing typed: nothing to announce
    s.query = "king";
    s.results = {{"prince", 0.769025f}, {"queen", 0.750769f}, {"ii", 0.7028f}};
    EXPECT_EQ(describe_search(s), "3 nearest words to king: prince 0.769, queen 0.751, ii 0.703.");
    s.results.resize(1);
    EXPECT_EQ(describe_search(s), "1 nearest word to king: prince 0.769.");
    s.results = hits(12);  // ten are named, the rest counted
    const std::string d = describe_search(s);
    EXPECT_NE(d.find("w9 0.810, and 2 more."), std::string::npos) << d;
    EXPECT_EQ(d.find("w10"), std::string::npos) << d;
    s.results.clear();
    s.error = "unknown word 'kingg'";
    EXPECT_EQ(describe_search(s), "No results for \u201cking\u201d.");
}

TEST(UiSnapshot, ArithmeticSummarySaysWhichMethod) {
    ArithmeticSnapshot a;
    a.expression = "italy - rome + london";
    a.results = {{"britain", 0.7623f}};
    EXPECT_EQ(describe_arithmetic(a), "italy - rome + london (3CosAdd): britain 0.762.");
    a.mul = true;
    EXPECT_EQ(describe_arithmetic(a), "italy - rome + london (3CosMul): britain 0.762.");
}

TEST(UiSnapshot, GraphSummaryCountsAndTheSelectedNode) {
    GraphSnapshot g;
    EXPECT_EQ(describe_graph(g), "");
    g.built = true;
    g.text = "cat dog";
    g.nodes = 41;
    g.inputs = 2;
    g.edges = 1;
    g.communities = 3;
    g.settled = true;
    EXPECT_EQ(describe_graph(g), "Graph of \u201c" "cat dog\u201d: 41 nodes (2 tokens), 1 edge, 3 communities, layout settled.");
    g.selected = 0;
    g.selected_word = "cat";
    g.selected_input = true;
    g.neighbours = {{3, "dog", 0.88f, true}, {7, "cats", 0.76f, false}};
    const std::string d = describe_graph(g);
    EXPECT_NE(d.find("Selected: cat (input), 2 neighbours: dog 0.880, cats 0.760."), std::string::npos) << d;
}

TEST(UiSnapshot, MapSummaryForPcaAndTsne) {
    MapSnapshot m;
    EXPECT_EQ(describe_map(m), "");
    m.computed = true;
    m.method = "pca";
    m.points = 341479;
    m.dims = 2;
    m.explained_variance = {0.0523, 0.0312};
    m.highlighted = {"king", "prince"};
    EXPECT_EQ(describe_map(m), "PCA of 341,479 words in 2D (explained variance 5.2%, 3.1%). Highlighted: king, prince.");
    m.method = "tsne";
    m.points = 5000;
    m.highlighted.clear();
    m.running = true;
    m.iteration = 340;
    m.iterations = 1000;
    EXPECT_EQ(describe_map(m), "t-SNE of 5,000 words in 2D, iteration 340 of 1,000.");
    m.running = false;
    m.iteration = 1000;
    EXPECT_EQ(describe_map(m), "t-SNE of 5,000 words in 2D, finished after 1,000 iterations.");
}

TEST(UiSnapshot, VectorTableAndLoadSummaries) {
    VectorSnapshot v;
    EXPECT_EQ(describe_vector(v), "");
    v.a.label = "king  (id 691)";
    v.a.values = {0.5f, -0.25f, 1.0f, 2.0f, 3.0f};
    v.a.norm = 3.9f;
    v.has_cosine = true;
    v.b.label = "queen  (id 2060)";
    v.cosine = 0.75f;
    EXPECT_EQ(describe_vector(v), "king  (id 691): 5 dimensions, norm 3.9000; first values 0.5000, -0.2500, 1.0000, "
                                  "2.0000, ...; cosine with queen  (id 2060) 0.7500.");
    TableSnapshot t;
    LoadSnapshot l;
    EXPECT_EQ(describe_table(t, l), "No table loaded yet.");
    l.active = true;
    l.name = "glove.embx";
    l.bytes = 12500000;
    l.total_bytes = 50400000;
    l.rows = 4096;
    l.total_rows = 341479;
    EXPECT_EQ(describe_load(l), "Loading glove.embx: 12.5 MB of 50.4 MB, 4,096 of 341,479 words.");
    t.loaded = true;
    t.name = "GloVe";
    t.rows = 4096;
    t.dims = 100;
    t.dtype = "i8";
    EXPECT_EQ(describe_table(t, l), "GloVe: 4,096 words x 100 dimensions, i8, still loading.");
}

TEST(UiSnapshot, SummaryAndErrorFollowTheCurrentTab) {
    UiSnapshot s;
    s.search.query = "king";
    s.search.results = {{"prince", 0.77f}};
    s.arithmetic.expression = "king -";
    s.arithmetic.error = "the expression ends with an operator";
    s.tab = "search";
    EXPECT_EQ(describe(s), describe_search(s.search));
    EXPECT_EQ(current_error(s), "");
    s.tab = "arithmetic";
    EXPECT_EQ(describe(s), "No results for \u201cking -\u201d.");
    EXPECT_EQ(current_error(s), "the expression ends with an operator");
}

TEST(UiSnapshot, JsonCarriesEveryTabAndSurvivesAwkwardText) {
    UiSnapshot s;
    s.tab = "search";
    s.search.query = "a\"b</script><b>\\";
    s.search.results = {{"x\\x81", 0.5f}};
    s.graph.built = true;
    s.graph.selected = 4;
    s.graph.neighbours = {{2, "dog", 0.88f, true}};
    s.map.highlighted = {"king"};
    s.notice = std::string("bad byte \xff here");  // not UTF-8: replaced, not thrown
    s.ui_scale = 1.25f;
    s.dark = true;
    const auto j = nlohmann::json::parse(snapshot_json(s));
    EXPECT_EQ(j["tab"], "search");
    EXPECT_EQ(j["search"]["query"], s.search.query);
    EXPECT_EQ(j["summary"], describe(s));
    EXPECT_EQ(j["search"]["results"][0]["word"], "x\\x81");
    EXPECT_FLOAT_EQ(j["search"]["results"][0]["score"].get<float>(), 0.5f);
    EXPECT_EQ(j["graph"]["selected"], 4);
    EXPECT_EQ(j["graph"]["neighbours"][0]["word"], "dog");
    EXPECT_EQ(j["graph"]["neighbours"][0]["input"], true);
    EXPECT_EQ(j["map"]["highlighted"][0], "king");
    EXPECT_EQ(j["dark"], true);
    EXPECT_FLOAT_EQ(j["uiScale"].get<float>(), 1.25f);
    EXPECT_NE(j["notice"].get<std::string>().find("bad byte"), std::string::npos);
    for (const char* key : {"table", "load", "search", "arithmetic", "vector", "graph", "map"})
        EXPECT_TRUE(j.contains(key)) << key;
}

TEST(UiSnapshot, ResultsAsTsvAndJson) {
    ResultsForExport r;
    r.tab = "search";
    r.query = "king";
    r.hits = {{"prince", 0.76902503f}, {"queen", 0.7507691f}};
    EXPECT_EQ(results_to_tsv(r), "rank\tword\tcosine\n1\tprince\t0.769025\n2\tqueen\t0.750769\n");
    auto j = nlohmann::json::parse(results_to_json(r));
    EXPECT_EQ(j["query"], "king");
    EXPECT_FALSE(j.contains("method"));
    ASSERT_EQ(j["results"].size(), 2u);
    EXPECT_EQ(j["results"][1]["rank"], 2);
    EXPECT_EQ(j["results"][1]["word"], "queen");
    EXPECT_DOUBLE_EQ(j["results"][1]["score"].get<double>(), 0.750769);
    r.tab = "arithmetic";
    r.method = "3CosMul";
    r.query = "king - man + woman";
    EXPECT_EQ(results_to_tsv(r).substr(0, 16), "rank\tword\tscore\n");
    j = nlohmann::json::parse(results_to_json(r));
    EXPECT_EQ(j["method"], "3CosMul");
    r.hits.clear();
    EXPECT_EQ(results_to_tsv(r), "rank\tword\tscore\n");
}

}  // namespace
}  // namespace embx::app

namespace embx::app {
namespace {

TEST(UiSnapshot, ClassroomSummaryExplainsTheSelectedCell) {
    ClassroomSnapshot c;
    EXPECT_EQ(describe_classroom(c), "");
    c.variant = "textbook (count/length, ln(N/df))";
    c.documents = 10;
    c.terms = 151;
    c.document = 0;
    c.term = "cat";
    c.formula = "TF = 5/100 = 0.05, IDF = ln(10/2) = 1.61, TF-IDF = 0.05 × 1.61 ≈ 0.08";
    c.pair_a = "number";
    c.pair_b = "apple";
    c.has_pair_cosine = true;
    EXPECT_EQ(describe_classroom(c),
              "TF-IDF, textbook (count/length, ln(N/df)): 10 documents, 151 terms. Document 1, \u201ccat\u201d: TF = "
              "5/100 = 0.05, IDF = ln(10/2) = 1.61, TF-IDF = 0.05 × 1.61 ≈ 0.08. Cosine of \u201cnumber\u201d and "
              "\u201capple\u201d in TF-IDF term space: 0.000.");
    UiSnapshot s;
    s.tab = "classroom";
    s.classroom = c;
    const auto j = nlohmann::json::parse(snapshot_json(s));
    EXPECT_EQ(j["classroom"]["term"], "cat");
    EXPECT_EQ(j["classroom"]["pairCosine"], 0.0);
    EXPECT_EQ(j["summary"], describe_classroom(c));
    s.classroom.error = "empty vocabulary";
    EXPECT_EQ(current_error(s), "empty vocabulary");
}

TEST(UiSnapshot, ClassroomPairsAreNullWithAReason) {
    UiSnapshot s;
    s.tab = "classroom";
    ClassroomPair found, missing;
    found.a = "cat";
    found.b = "dog";
    found.has_tfidf = found.has_table = true;
    found.tfidf = 0.25;
    found.table = 0.75;
    missing.a = "king";
    missing.b = "queen";
    missing.tfidf_why = "in none of the documents";
    missing.has_table = true;
    missing.table = 0.5;
    s.classroom.pairs = {found, missing};
    s.classroom.pair_table = "glove";
    s.classroom.file_message = "a.txt: not UTF-8 text";
    s.classroom.file_error = true;
    s.classroom.per_line = true;
    const auto j = nlohmann::json::parse(snapshot_json(s))["classroom"];
    EXPECT_EQ(j["pairTable"], "glove");
    EXPECT_EQ(j["fileMessage"], "a.txt: not UTF-8 text");
    EXPECT_EQ(j["fileError"], true);
    EXPECT_EQ(j["perLine"], true);
    ASSERT_EQ(j["pairs"].size(), 2u);
    EXPECT_EQ(j["pairs"][0]["tfidf"], 0.25);
    EXPECT_EQ(j["pairs"][0]["table"], 0.75);
    EXPECT_TRUE(j["pairs"][1]["tfidf"].is_null());
    EXPECT_EQ(j["pairs"][1]["tfidfWhy"], "in none of the documents");
    EXPECT_EQ(j["pairs"][1]["table"], 0.5);
}

}  // namespace
}  // namespace embx::app
