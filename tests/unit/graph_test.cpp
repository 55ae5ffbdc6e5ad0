// Neighbourhood graphs, their layout, communities and export, on generated tables.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "core/graph/communities.hpp"
#include "core/graph/force_layout.hpp"
#include "core/graph/neighbourhood_graph.hpp"
#include "core/graph/sentence_tokens.hpp"
#include "core/search.hpp"
#include "fixtures.hpp"
#include "formats/graph_export.hpp"

namespace embx {
namespace {

std::shared_ptr<EmbeddingTable> clustered_table(size_t rows = 400, size_t cluster = 8) {
    return test::to_table(test::make_float_table(rows, 32, 7, cluster), DType::I8);
}

TEST(Graph, SplitsSentencesLikeGloveTokens) {
    EXPECT_EQ(split_sentence("AI agents will be the most hot topic of artificial intelligence in 2025."),
              (std::vector<std::string>{"AI", "agents", "will", "be", "the", "most", "hot", "topic", "of",
                                        "artificial", "intelligence", "in", "2025", "."}));
    EXPECT_EQ(split_sentence("  don't stop, state-of-the-art! -x "),
              (std::vector<std::string>{"don't", "stop", ",", "state-of-the-art", "!", "-", "x"}));
    EXPECT_EQ(split_sentence("caf\xc3\xa9 na\xc3\xafve"), (std::vector<std::string>{"caf\xc3\xa9", "na\xc3\xafve"}));
    EXPECT_TRUE(split_sentence(" \t\n").empty());
}

TEST(Graph, InputNeighboursAreExactlyTheSearchResults) {
    const auto t = clustered_table();
    GraphOptions opt;
    opt.k = 12;
    auto g = build_neighbourhood_graph(*t, {"w3", "w100", "w250"}, opt);
    ASSERT_TRUE(g.ok()) << g.error();
    EXPECT_EQ(g->input_count(), 3u);
    for (const char* w : {"w3", "w100", "w250"}) {
        auto hits = neighbors(*t, w, opt.k);
        ASSERT_TRUE(hits.ok());
        const long id = g->find(*t->vocab().find(w));
        ASSERT_GE(id, 0);
        std::set<uint32_t> linked;
        for (const GraphEdge& e : g->edges())
            if (e.source == uint32_t(id) || e.target == uint32_t(id))
                linked.insert(g->nodes()[e.source == uint32_t(id) ? e.target : e.source].row);
        std::set<uint32_t> expected;
        for (const Hit& h : *hits) expected.insert(h.row);
        EXPECT_EQ(linked, expected) << w;
        for (const GraphEdge& e : g->edges()) {
            EXPECT_LT(e.source, e.target);
            EXPECT_GT(e.weight, 0.0f);
        }
    }
}

TEST(Graph, DuplicatesAreMergedAndUnknownTokensListed) {
    const auto t = clustered_table();
    GraphOptions opt;
    opt.k = 5;
    // w0..w7 are one cluster: w1 is both an input and a neighbour of w0.
    auto g = build_neighbourhood_graph(*t, {"w0", "w1", "w0", "nope", "W2"}, opt);
    ASSERT_TRUE(g.ok()) << g.error();
    EXPECT_EQ(g->input_count(), 3u);
    EXPECT_EQ(g->skipped(), std::vector<std::string>{"nope"});
    ASSERT_EQ(g->case_matches().size(), 1u);
    EXPECT_EQ(g->case_matches()[0].second, "w2");
    std::set<uint32_t> rows;
    for (const GraphNode& n : g->nodes()) EXPECT_TRUE(rows.insert(n.row).second) << "row twice: " << n.row;
    std::set<std::pair<uint32_t, uint32_t>> pairs;
    for (const GraphEdge& e : g->edges()) EXPECT_TRUE(pairs.insert({e.source, e.target}).second);
    EXPECT_LE(g->nodes().size(), 3u + 15u);
}

TEST(Graph, ThresholdLinksSimilarNeighbours) {
    const auto t = clustered_table();
    GraphOptions opt;
    opt.k = 7;
    auto plain = build_neighbourhood_graph(*t, {"w8"}, opt);
    opt.threshold = 0.5f;
    auto linked = build_neighbourhood_graph(*t, {"w8"}, opt);
    ASSERT_TRUE(plain.ok() && linked.ok());
    EXPECT_EQ(plain->edges().size(), 7u);
    EXPECT_GT(linked->edges().size(), plain->edges().size());
    for (const GraphEdge& e : linked->edges()) EXPECT_GE(e.weight, 0.5f - 1e-3f);
}

TEST(Graph, ExpandAddsTheNodesNeighbours) {
    const auto t = clustered_table();
    GraphOptions opt;
    opt.k = 4;
    auto g = build_neighbourhood_graph(*t, {"w40"}, opt);
    ASSERT_TRUE(g.ok());
    const size_t before = g->nodes().size();
    uint32_t leaf = 1;
    ASSERT_FALSE(g->nodes()[leaf].expanded);
    ASSERT_TRUE(expand_node(*g, *t, leaf, opt).ok());
    EXPECT_TRUE(g->nodes()[leaf].expanded);
    EXPECT_GE(g->nodes().size(), before);
    EXPECT_FALSE(expand_node(*g, *t, 9999, opt).ok());
}

TEST(Graph, BadInputGivesMessages) {
    const auto t = clustered_table();
    GraphOptions opt;
    opt.k = 0;
    auto e = build_neighbourhood_graph(*t, {"w1"}, opt);
    ASSERT_FALSE(e.ok());
    EXPECT_NE(e.error().find("k must be"), std::string::npos);
    opt.k = 1000000;
    e = build_neighbourhood_graph(*t, {"w1"}, opt);
    ASSERT_FALSE(e.ok());
    EXPECT_NE(e.error().find("too large"), std::string::npos);
    opt.k = 5;
    e = build_neighbourhood_graph(*t, {}, opt);
    ASSERT_FALSE(e.ok());
    e = build_neighbourhood_graph(*t, {"zzz", "qqq"}, opt);
    ASSERT_FALSE(e.ok());
    EXPECT_NE(e.error().find("'zzz', 'qqq'"), std::string::npos) << e.error();
    opt.max_nodes = 10;
    opt.k = 50;
    e = build_neighbourhood_graph(*t, {"w1"}, opt);
    ASSERT_FALSE(e.ok());
    EXPECT_NE(e.error().find("grow past 10"), std::string::npos);
}

TEST(Graph, TinyTablesAndIdenticalVectorsLayOutFinitely) {
    test::FloatTable f;
    f.dims = 4;
    for (int i = 0; i < 3; ++i) {
        f.words.push_back("same" + std::to_string(i));
        for (float v : {1.0f, 2.0f, 3.0f, 4.0f}) f.values.push_back(v);
    }
    for (size_t rows : {size_t(1), size_t(2), size_t(3)}) {
        test::FloatTable part = f;
        part.words.resize(rows);
        part.values.resize(rows * 4);
        const auto t = test::to_table(part, DType::F32);
        GraphOptions opt;
        opt.k = 20;  // more than the table has: capped
        auto g = build_neighbourhood_graph(*t, {"same0"}, opt);
        ASSERT_TRUE(g.ok()) << g.error();
        EXPECT_EQ(g->nodes().size(), rows);
        ForceLayout layout(3);
        layout.sync(*g);
        for (int i = 0; i < 5000 && layout.step(10); ++i) {
        }
        EXPECT_TRUE(layout.settled());
        for (size_t i = 0; i < layout.size(); ++i) EXPECT_TRUE(std::isfinite(layout.x(i)) && std::isfinite(layout.y(i)));
        if (rows > 1) {  // identical vectors still end up apart
            const float dx = layout.x(0) - layout.x(1), dy = layout.y(0) - layout.y(1);
            EXPECT_GT(dx * dx + dy * dy, 0.01f);
        }
    }
}

TEST(Graph, LayoutIsDeterministicSettlesAndKeepsLinkedNodesClose) {
    const auto t = clustered_table(800, 8);
    GraphOptions opt;
    opt.k = 20;
    auto g = build_neighbourhood_graph(*t, {"w0", "w400", "w792"}, opt);
    ASSERT_TRUE(g.ok());
    auto run = [&](uint64_t seed) {
        ForceLayout l(seed);
        l.sync(*g);
        int steps = 0;
        while (l.step(25)) ++steps;
        EXPECT_LT(steps * 25, 3000);
        std::vector<float> xy;
        for (size_t i = 0; i < l.size(); ++i) {
            xy.push_back(l.x(i));
            xy.push_back(l.y(i));
        }
        return xy;
    };
    const auto a = run(5), b = run(5), c = run(6);
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
    // Edges are shorter on average than distances between random node pairs.
    double edge = 0, any = 0;
    for (const GraphEdge& e : g->edges())
        edge += std::hypot(a[2 * e.source] - a[2 * e.target], a[2 * e.source + 1] - a[2 * e.target + 1]);
    edge /= double(g->edges().size());
    const size_t n = g->nodes().size();
    for (size_t i = 0; i < n; ++i) any += std::hypot(a[2 * i] - a[2 * ((i * 7 + 3) % n)], a[2 * i + 1] - a[2 * ((i * 7 + 3) % n) + 1]);
    any /= double(n);
    EXPECT_LT(edge * 2, any);
}

TEST(Graph, PinnedNodesStayPut) {
    const auto t = clustered_table();
    auto g = build_neighbourhood_graph(*t, {"w0"}, GraphOptions{});
    ASSERT_TRUE(g.ok());
    ForceLayout l;
    l.sync(*g);
    l.place(0, 5.0f, -3.0f);
    l.pin(0, true);
    while (l.step(50)) {
    }
    EXPECT_EQ(l.x(0), 5.0f);
    EXPECT_EQ(l.y(0), -3.0f);
}

TEST(Graph, LabelPropagationFindsTwoCliques) {
    std::vector<GraphEdge> edges;
    for (uint32_t a = 0; a < 5; ++a)
        for (uint32_t b = a + 1; b < 5; ++b) {
            edges.push_back({a, b, 0.9f});
            edges.push_back({a + 5, b + 5, 0.9f});
        }
    edges.push_back({4, 5, 0.1f});  // a weak bridge
    const Communities c = label_propagation(11, edges);  // node 10 is isolated
    EXPECT_EQ(c.count, 3u);
    for (uint32_t i = 1; i < 5; ++i) EXPECT_EQ(c.of_node[i], c.of_node[0]);
    for (uint32_t i = 6; i < 10; ++i) EXPECT_EQ(c.of_node[i], c.of_node[5]);
    EXPECT_NE(c.of_node[0], c.of_node[5]);
    EXPECT_EQ(c.of_node[10], 2u);  // the smallest community is numbered last
}

TEST(Graph, ExportsParseAndAgree) {
    const auto t = clustered_table();
    GraphOptions opt;
    opt.k = 3;
    auto g = build_neighbourhood_graph(*t, {"w1", "w9"}, opt);
    ASSERT_TRUE(g.ok());
    GraphExtras extras;
    extras.community = label_propagation(g->nodes().size(), g->edges()).of_node;
    const auto j = nlohmann::json::parse(graph_to_json(*t, *g, extras));
    ASSERT_EQ(j["nodes"].size(), g->nodes().size());
    ASSERT_EQ(j["edges"].size(), g->edges().size());
    EXPECT_EQ(j["nodes"][0]["word"], "w1");
    EXPECT_EQ(j["nodes"][0]["input"], true);
    EXPECT_EQ(j["edges"][0]["source"], 0);
    const std::string graphml = graph_to_graphml(*t, *g, extras);
    EXPECT_NE(graphml.find("<data key=\"word\">w9</data>"), std::string::npos);
    const std::string gexf = graph_to_gexf(*t, *g, extras);
    EXPECT_NE(gexf.find("label=\"w1\""), std::string::npos);
    size_t edges = 0;
    for (size_t p = gexf.find("<edge "); p != std::string::npos; p = gexf.find("<edge ", p + 1)) ++edges;
    EXPECT_EQ(edges, g->edges().size());
}

TEST(Graph, XmlExportEscapesAwkwardWords) {
    test::FloatTable f = test::make_float_table(6, 8, 3);
    f.words[0] = "<a&b\"'>";
    f.words[1] = std::string("\x01\xff", 2);
    const auto t = test::to_table(f, DType::F32);
    auto g = build_neighbourhood_graph(*t, {"<a&b\"'>"}, GraphOptions{});
    ASSERT_TRUE(g.ok()) << g.error();
    const std::string x = graph_to_graphml(*t, *g, {});
    EXPECT_NE(x.find("&lt;a&amp;b&quot;&apos;&gt;"), std::string::npos);
    EXPECT_EQ(x.find('\x01'), std::string::npos);
    EXPECT_EQ(x.find('\xff'), std::string::npos);
    EXPECT_TRUE(nlohmann::json::accept(graph_to_json(*t, *g, {})));
}

// U+FFFE and U+FFFF cannot appear in an XML 1.0 document at all (not even as &#xFFFE;), and a
// right-to-left override would reverse the labels after it in any viewer: both are escaped.
TEST(Graph, XmlExportHasNoNoncharactersOrBidiOverrides) {
    test::FloatTable f = test::make_float_table(6, 8, 3);
    f.words[0] = "a\xEF\xBF\xBE" "b";
    f.words[1] = "c\xEF\xBF\xBF";
    f.words[2] = "evil\xE2\x80\xAE" "txt";
    const auto t = test::to_table(f, DType::F32);
    auto g = build_neighbourhood_graph(*t, {f.words[0], f.words[1], f.words[2]}, GraphOptions{});
    ASSERT_TRUE(g.ok()) << g.error();
    for (const std::string& x : {graph_to_graphml(*t, *g, {}), graph_to_gexf(*t, *g, {})}) {
        EXPECT_EQ(x.find("\xEF\xBF\xBE"), std::string::npos);
        EXPECT_EQ(x.find("\xEF\xBF\xBF"), std::string::npos);
        EXPECT_EQ(x.find("\xE2\x80\xAE"), std::string::npos);
        EXPECT_NE(x.find("a\\uFFFEb"), std::string::npos);
        EXPECT_NE(x.find("evil\\u202Etxt"), std::string::npos);
    }
}

}  // namespace
}  // namespace embx
