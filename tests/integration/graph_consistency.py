#!/usr/bin/env python3
"""`embx graph` on the default GloVe table, checked for consistency with our own outputs (there
is no independent reference here: NetworkX only reads the exports back).

- For the article's sentence, every input token links to exactly its top-k neighbours as
  `embx neighbors` lists them (same words, same scores).
- `list` has `lists` among its neighbours.
- GraphML and GEXF exports load in NetworkX with the same nodes, edges and weights as the JSON.
- Bad input (no tokens, k = 0, unknown words only) fails with a message, never a crash.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import networkx as nx

SENTENCE = "AI agents will be the most hot topic of artificial intelligence in 2025."


def run(embx, *args, ok=True):
    p = subprocess.run([embx, *args], capture_output=True, text=True, timeout=300)
    if ok and p.returncode != 0:
        sys.exit(f"FAIL: embx {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--embx", required=True)
    ap.add_argument("--table", required=True)
    a = ap.parse_args()
    failures = []

    g = json.loads(run(a.embx, "graph", a.table, "--sentence", SENTENCE, "-k", "20", "--json").stdout)
    nodes, edges = g["nodes"], g["edges"]
    inputs = [n for n in nodes if n["input"]]
    print(f"article sentence: {len(nodes)} nodes, {len(inputs)} input tokens, {len(edges)} edges")
    if len(inputs) < 12:
        failures.append(f"expected at least 12 known input tokens, got {len(inputs)}")
    ids = [n["id"] for n in nodes]
    if ids != list(range(len(nodes))):
        failures.append("node ids are not 0..n-1")
    weight = {(e["source"], e["target"]): e["weight"] for e in edges}
    for n in inputs:
        listed = [nodes[i]["word"] for i in n.get("neighbors", [])]
        ref = json.loads(run(a.embx, "neighbors", a.table, n["word"], "-k", "20", "--json").stdout)
        if listed != [r["word"] for r in ref]:
            failures.append(f"{n['word']}: graph lists {listed} but neighbors gives {[r['word'] for r in ref]}")
        for i, r in zip(n.get("neighbors", []), ref):
            w = weight.get((min(i, n["id"]), max(i, n["id"])))
            if w is None or abs(w - r["score"]) > 1e-5:
                failures.append(f"{n['word']}~{r['word']}: edge weight {w} vs neighbors score {r['score']}")

    lst = json.loads(run(a.embx, "graph", a.table, "--words", "list", "-k", "20", "--json").stdout)
    words = {n["word"] for n in lst["nodes"]}
    print("list ->", sorted(words - {"list"})[:20])
    if "lists" not in words:
        failures.append("'lists' is not among the neighbours of 'list'")

    with tempfile.TemporaryDirectory() as tmp:
        gml, gexf = os.path.join(tmp, "g.graphml"), os.path.join(tmp, "g.gexf")
        j = json.loads(run(a.embx, "graph", a.table, "--sentence", SENTENCE, "--layout", "--json",
                           "--graphml", gml, "--gexf", gexf).stdout)
        for name, G in (("graphml", nx.read_graphml(gml)), ("gexf", nx.read_gexf(gexf))):
            if G.number_of_nodes() != len(j["nodes"]) or G.number_of_edges() != len(j["edges"]):
                failures.append(f"{name}: {G.number_of_nodes()} nodes / {G.number_of_edges()} edges, "
                                f"JSON has {len(j['nodes'])} / {len(j['edges'])}")
            print(f"{name}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges, "
                  f"{nx.number_connected_components(G)} components")
        G = nx.read_graphml(gml)
        words = nx.get_node_attributes(G, "word")
        for e in j["edges"][:50]:
            w = G.edges[f"n{e['source']}", f"n{e['target']}"]["weight"]
            if abs(w - e["weight"]) > 1e-5:
                failures.append(f"graphml weight {w} != json {e['weight']}")
        if words.get("n0") != j["nodes"][0]["word"]:
            failures.append("graphml word of node 0 differs from JSON")
        if not all("x" in n and "y" in n for n in j["nodes"]):
            failures.append("--layout did not give every node x and y")

    for args, expect in ((["--sentence", " "], "no tokens"), (["--words", "list", "-k", "0"], "-k must be"),
                         (["--words", "zzqqxx", "qqzzxx"], "none of the tokens"),
                         (["--words", "list", "-k", "5000"], "too large")):
        p = run(a.embx, "graph", a.table, *args, ok=False)
        if p.returncode == 0 or expect not in p.stderr:
            failures.append(f"graph {args}: exit {p.returncode}, stderr {p.stderr!r}, expected {expect!r}")

    if failures:
        print("\n".join("FAIL: " + f for f in failures))
        return 1
    print("graph CLI: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
