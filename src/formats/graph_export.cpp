#include "formats/graph_export.hpp"

#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/display_text.hpp"

namespace embx {

namespace {

double round6(double v) { return std::round(v * 1e6) / 1e6; }

std::string xml_escape(std::string_view raw) {
    const std::string s = escape_for_display(raw);
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default:
                // XML 1.0 forbids most control characters even escaped; escape_for_display
                // leaves tab/newline, which are allowed.
                if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\x%02X", unsigned(static_cast<unsigned char>(c)));
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    return out;
}

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

}  // namespace

std::string graph_to_json(const EmbeddingTable& table, const NeighbourhoodGraph& g, const GraphExtras& extras,
                          int indent) {
    using json = nlohmann::ordered_json;
    json nodes = json::array(), edges = json::array();
    for (size_t i = 0; i < g.nodes().size(); ++i) {
        const GraphNode& n = g.nodes()[i];
        json o = {{"id", i}, {"word", std::string(table.word(n.row))}, {"input", n.input}, {"rank", n.row}};
        if (!n.input) o["score"] = round6(n.score);
        if (n.expanded) o["neighbors"] = n.neighbours;
        if (i < extras.community.size()) o["community"] = extras.community[i];
        if (2 * i + 1 < extras.xy.size()) {
            o["x"] = round6(extras.xy[2 * i]);
            o["y"] = round6(extras.xy[2 * i + 1]);
        }
        nodes.push_back(std::move(o));
    }
    for (const GraphEdge& e : g.edges())
        edges.push_back({{"source", e.source}, {"target", e.target}, {"weight", round6(e.weight)}});
    json out = {{"nodes", std::move(nodes)}, {"edges", std::move(edges)}};
    return out.dump(indent, ' ', false, json::error_handler_t::replace);
}

std::string graph_to_graphml(const EmbeddingTable& table, const NeighbourhoodGraph& g, const GraphExtras& extras) {
    std::string s =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
        "  <key id=\"word\" for=\"node\" attr.name=\"word\" attr.type=\"string\"/>\n"
        "  <key id=\"input\" for=\"node\" attr.name=\"input\" attr.type=\"boolean\"/>\n"
        "  <key id=\"rank\" for=\"node\" attr.name=\"rank\" attr.type=\"long\"/>\n"
        "  <key id=\"community\" for=\"node\" attr.name=\"community\" attr.type=\"int\"/>\n"
        "  <key id=\"x\" for=\"node\" attr.name=\"x\" attr.type=\"double\"/>\n"
        "  <key id=\"y\" for=\"node\" attr.name=\"y\" attr.type=\"double\"/>\n"
        "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
        "  <graph id=\"neighbourhood\" edgedefault=\"undirected\">\n";
    for (size_t i = 0; i < g.nodes().size(); ++i) {
        const GraphNode& n = g.nodes()[i];
        s += "    <node id=\"n" + std::to_string(i) + "\"><data key=\"word\">" + xml_escape(table.word(n.row)) +
             "</data><data key=\"input\">" + (n.input ? "true" : "false") + "</data><data key=\"rank\">" +
             std::to_string(n.row) + "</data>";
        if (i < extras.community.size())
            s += "<data key=\"community\">" + std::to_string(extras.community[i]) + "</data>";
        if (2 * i + 1 < extras.xy.size())
            s += "<data key=\"x\">" + num(extras.xy[2 * i]) + "</data><data key=\"y\">" + num(extras.xy[2 * i + 1]) +
                 "</data>";
        s += "</node>\n";
    }
    for (size_t i = 0; i < g.edges().size(); ++i) {
        const GraphEdge& e = g.edges()[i];
        s += "    <edge id=\"e" + std::to_string(i) + "\" source=\"n" + std::to_string(e.source) + "\" target=\"n" +
             std::to_string(e.target) + "\"><data key=\"weight\">" + num(e.weight) + "</data></edge>\n";
    }
    s += "  </graph>\n</graphml>\n";
    return s;
}

std::string graph_to_gexf(const EmbeddingTable& table, const NeighbourhoodGraph& g, const GraphExtras& extras) {
    std::string s =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<gexf xmlns=\"http://www.gexf.net/1.2draft\" xmlns:viz=\"http://www.gexf.net/1.2draft/viz\" version=\"1.2\">\n"
        "  <graph defaultedgetype=\"undirected\">\n"
        "    <attributes class=\"node\">\n"
        "      <attribute id=\"input\" title=\"input\" type=\"boolean\"/>\n"
        "      <attribute id=\"rank\" title=\"rank\" type=\"long\"/>\n"
        "      <attribute id=\"community\" title=\"community\" type=\"integer\"/>\n"
        "    </attributes>\n"
        "    <nodes>\n";
    for (size_t i = 0; i < g.nodes().size(); ++i) {
        const GraphNode& n = g.nodes()[i];
        s += "      <node id=\"" + std::to_string(i) + "\" label=\"" + xml_escape(table.word(n.row)) +
             "\"><attvalues><attvalue for=\"input\" value=\"" + (n.input ? "true" : "false") +
             "\"/><attvalue for=\"rank\" value=\"" + std::to_string(n.row) + "\"/>";
        if (i < extras.community.size())
            s += "<attvalue for=\"community\" value=\"" + std::to_string(extras.community[i]) + "\"/>";
        s += "</attvalues>";
        if (2 * i + 1 < extras.xy.size())
            s += "<viz:position x=\"" + num(extras.xy[2 * i]) + "\" y=\"" + num(extras.xy[2 * i + 1]) + "\" z=\"0\"/>";
        s += "</node>\n";
    }
    s += "    </nodes>\n    <edges>\n";
    for (size_t i = 0; i < g.edges().size(); ++i) {
        const GraphEdge& e = g.edges()[i];
        s += "      <edge id=\"" + std::to_string(i) + "\" source=\"" + std::to_string(e.source) + "\" target=\"" +
             std::to_string(e.target) + "\" weight=\"" + num(e.weight) + "\"/>\n";
    }
    s += "    </edges>\n  </graph>\n</gexf>\n";
    return s;
}

}  // namespace embx
