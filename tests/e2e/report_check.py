#!/usr/bin/env python3
"""Checks of report.html against the tables beside it (tests/e2e/report.sh).

report_check.py structure DIR      prints the report's structure: sections, figures and
                                   the marks in each (for the golden file)
report_check.py numbers DIR        every data-v of the keyness, top-term, network,
                                   similarity and documents figures equals its CSV cell,
                                   and with --period those of the periods, trends, frames
                                   and frames-over-time figures
report_check.py offline DIR        no URL that could leave the file
report_check.py network DIR        network_*.csv: unique Ids, each group's edges once
"""
import csv, html.parser, re, sys


class Tree(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.sections, self.figs, self.cur_fig = [], [], [], None
        self.tags, self.attrs_all = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "section":
            self.sections.append(a.get("id"))
        if tag == "div":
            self.div = a
        if tag == "svg":
            self.cur_fig = {"id": a.get("id"), "class": a.get("class"), "marks": {}, "v": [],
                            "div": getattr(self, "div", {})}
            self.figs.append(self.cur_fig)
        elif self.cur_fig is not None:
            cls = (a.get("class") or "").split()
            key = tag + ("." + cls[0] if cls else "")
            self.cur_fig["marks"][key] = self.cur_fig["marks"].get(key, 0) + 1
            if "data-v" in a:
                self.cur_fig["v"].append(a["data-v"])
        if self.figs and tag == "div" and "data-group" in a:
            self.group = a["data-group"]

    def handle_endtag(self, tag):
        if tag == "svg":
            self.cur_fig = None


def parse(d):
    t = Tree()
    t.feed(open(f"{d}/report.html", encoding="utf-8").read())
    return t


def rows(d, name):
    with open(f"{d}/{name}", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def groups_in_order(rs, col="group"):
    out = []
    for r in rs:
        if not out or out[-1][0] != r[col]:
            out.append((r[col], []))
        out[-1][1].append(r)
    return out


def structure(d):
    t = parse(d)
    print("sections:", " ".join(t.sections))
    for f in t.figs:
        marks = " ".join(f"{k}={v}" for k, v in sorted(f["marks"].items()))
        print(f"{f['id']} [{f['class']}] {marks}")
    tables = [a.get("id") for tag, a in t.tags if tag == "table"]
    print("tables:", " ".join(x for x in tables if x))
    return 0


def numbers(d):
    t = parse(d)
    figs = {f["id"]: f for f in t.figs}
    bad = []
    # keyness: the first 10 rows of positive G² and the last 10 of negative, log_ratio
    for i, (g, rs) in enumerate(groups_in_order(rows(d, "keyness.csv"))):
        over = [r for r in rs if float(r["g2"]) > 0][:10]
        under = [r for r in rs if float(r["g2"]) < 0][-10:]
        want = [r["log_ratio"] for r in over + under]
        got = figs.get(f"fig-keyness-{i}", {}).get("v")
        if got != want:
            bad.append(f"keyness {g}: {got} != {want}")
    for i, (g, rs) in enumerate(groups_in_order(rows(d, "frequency.csv"))):
        want = [r["count"] for r in rs[:15]]
        if figs.get(f"fig-top-{i}", {}).get("v") != want:
            bad.append(f"top terms {g}")
    nodes, edges = rows(d, "network_nodes.csv"), rows(d, "network_edges.csv")
    for i, (g, rs) in enumerate(groups_in_order(nodes)):
        es = [e for e in edges if e["group"] == g]
        want = [e["Weight"] for e in es] + [r["frequency"] for r in rs]
        if figs.get(f"fig-net-{i}", {}).get("v") != want:
            bad.append(f"network {g}")
    sim = rows(d, "similarity.csv")
    if sim:
        got = set(v for v in figs["fig-similarity"]["v"] if v)
        want = set(r["cosine_tfidf"] for r in sim)
        if got != want:
            bad.append(f"similarity {got ^ want}")
    docs = rows(d, "documents.csv")
    counted = {}
    for r in docs:
        if r["status"] == "analysed":
            counted[r["group"]] = counted.get(r["group"], 0) + 1
    want = [str(counted[g]) for g in sorted(counted)]
    if figs["fig-docs"]["v"] != want:
        bad.append(f"documents per group {figs['fig-docs']['v']} != {want}")
    bad += over_time(d, figs, sorted(counted) if counted else [])
    for b in bad:
        print("FAIL:", b)
    return 1 if bad else 0


def over_time(d, figs, groups):
    """The figures from frames.csv, and with --period from periods.csv and trends.csv, cell by cell."""
    import os
    bad = []
    groups = sorted(set(groups) | {r["group"] for r in rows(d, "documents.csv") if r["group"]})
    if os.path.exists(f"{d}/frames.csv"):
        # the heat map: groups × frames, the rows without a period
        fr = rows(d, "frames.csv")
        frames = list(dict.fromkeys(r["frame"] for r in fr))
        share = {(r["group"], r.get("period", ""), r["frame"]): r["share"] for r in fr}
        want = [share.get((g, "", f), "") for g in groups for f in frames]
        if figs["fig-frames"]["v"] != want:
            bad.append(f"frames {figs['fig-frames']['v']} != {want}")
    if not os.path.exists(f"{d}/periods.csv"):
        return bad
    per = rows(d, "periods.csv")
    allp = [r["period"] for r in per if r["group"] == "ALL"][:60]
    docs = {(r["group"], r["period"]): r["documents"] for r in per}
    want = [docs.get((g, p), "") for g in groups for p in allp]
    if figs["fig-periods"]["v"] != want:
        bad.append(f"documents per period {figs['fig-periods']['v']} != {want}")
    dated = [p for p in allp if p != "undated"]
    shown = groups[:10]
    # trends: per_10k where trends.csv has a row, 0 where the group published then
    trends = {(r["group"], r["period"], r["term"]): r["per_10k"] for r in rows(d, "trends.csv")}
    n = 0
    for fid, f in figs.items():
        if not fid.startswith("fig-trend-"):
            continue
        n += 1
        term = f["div"].get("data-term")
        want = []
        for g in shown:
            for p in dated:
                if (g, p, term) in trends:
                    want.append(trends[(g, p, term)])
                elif (g, p) in docs:
                    want.append("0")
        if f["v"] != want:
            bad.append(f"trend of {term}: {f['v']} != {want}")
    if not n:
        bad.append("no trend figure")
    if not os.path.exists(f"{d}/frames.csv"):
        return bad
    # frames over time: a figure a frame, a line a group (the first 10, then ALL), the
    # share of each dated period where frames.csv has the row
    fperiods = list(dict.fromkeys(r["period"] for r in fr if r["group"] == "ALL" and r["period"]
                                  and r["period"] != "undated"))[:60]
    if fperiods != dated:
        bad.append(f"frames.csv's periods {fperiods} are not periods.csv's {dated}")
    for i, f in enumerate(frames):
        fig = figs.get(f"fig-frametrend-{i}")
        if fig is None or fig["div"].get("data-frame") != f:
            bad.append(f"no frames-over-time figure {i} for {f}")
            continue
        want = [share[(g, p, f)] for g in shown + ["ALL"] for p in fperiods if (g, p, f) in share]
        if fig["v"] != want:
            bad.append(f"frame {f} over time: {fig['v']} != {want}")
    if f"fig-frametrend-{len(frames)}" in figs:
        bad.append("more frames-over-time figures than frames")
    return bad


def offline(d):
    s = open(f"{d}/report.html", encoding="utf-8").read()
    bad = []
    for m in re.finditer(r'(?:href|src|xlink:href|action)\s*=\s*"([^"]*)"', s):
        u = m.group(1)
        if re.match(r"^(?:#|[\w.-]+\.(?:csv|json)$)", u) is None:
            bad.append(u)
    if re.search(r"url\(|@import|<link|<img|<iframe|<object|<embed", s):
        bad.append("url()/@import/link/img element")
    if "Content-Security-Policy" not in s or "default-src 'none'" not in s:
        bad.append("no Content-Security-Policy")
    for b in bad:
        print("FAIL: reference that is not local:", b)
    return 1 if bad else 0


def network(d):
    nodes, edges = rows(d, "network_nodes.csv"), rows(d, "network_edges.csv")
    bad = []
    ids = [n["Id"] for n in nodes]
    if len(ids) != len(set(ids)):
        bad.append("node Ids repeat")
    group_of = {n["Id"]: n["group"] for n in nodes}
    seen = set()
    for e in edges:
        if group_of.get(e["Source"]) != e["group"] or group_of.get(e["Target"]) != e["group"]:
            bad.append(f"edge {e['Source']}-{e['Target']} outside its group")
        key = (e["group"],) + tuple(sorted((e["source_term"], e["target_term"])))
        if key in seen:
            bad.append(f"edge twice: {key}")
        seen.add(key)
        if e["Type"] != "Undirected":
            bad.append("Type")
    # every edge is a row of cooccurrence.csv with that jaccard and count
    cooc = {(r["group"], r["Source"], r["Target"]): r for r in rows(d, "cooccurrence.csv")}
    for e in edges:
        r = cooc.get((e["group"], e["source_term"], e["target_term"]))
        if not r or r[e["measure"] if e["measure"] != "count" else "Weight"] != e["Weight"] or r["Weight"] != e["count"]:
            bad.append(f"edge not in cooccurrence.csv: {e}")
            break
    for b in bad[:10]:
        print("FAIL:", b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit({"structure": structure, "numbers": numbers, "offline": offline,
              "network": network}[sys.argv[1]](sys.argv[2]))
