"""`heatloop forecast STUDY.toml --report FILE`: the study's self-contained HTML report, checked
against the study's --json output on simulated households, one of them with an unit id that
would be markup if it were not escaped."""

import json
import math
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

STUDY = """
name = "tank_report"
seed = 4
[data]
split = "time"
train_fraction = 0.85

[[model]]
name = "gradient_boosting"
[model.params]
horizon = 3
n_estimators = 20
search_iterations = 2
cv_folds = 2
search_n_estimators = [10, 20]
search_max_depth = [3, 4]
search_booster = ["gbtree"]

[[model]]
name = "seasonal_naive"
run_name = "persistence"
[model.params]
horizon = 3
season = "1 step"
"""

NASTY = 'unit-<script>alert(1)</script>&x'
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# SVG elements the report writes self-closed (<line/>); HTMLParser reports them as startend.


class Tree(HTMLParser):
    """A small DOM: elements with tag, attributes, children and text; fails on end tags that
    do not close the innermost open element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = {"tag": "#root", "attrs": {}, "children": [], "text": ""}
        self.stack = [self.root]
        self.errors = []
        self.doctype = None

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        node = {"tag": tag, "attrs": dict(attrs), "children": [], "text": ""}
        self.stack[-1]["children"].append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1]["children"].append(
            {"tag": tag, "attrs": dict(attrs), "children": [], "text": ""})

    def handle_endtag(self, tag):
        if self.stack[-1]["tag"] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1]['tag']}>")
            return
        self.stack.pop()

    def handle_data(self, data):
        for node in self.stack:
            node["text"] += data


def find(node, tag=None, cls=None, **attrs):
    """Every descendant element with this tag, class and attribute values."""
    out = []
    for c in node["children"]:
        ok = (tag is None or c["tag"] == tag) and (
            cls is None or cls in c["attrs"].get("class", "").split())
        ok = ok and all(c["attrs"].get(k.replace("_", "-")) == v for k, v in attrs.items())
        if ok:
            out.append(c)
        out.extend(find(c, tag, cls, **attrs))
    return out


def parse(text):
    tree = Tree()
    tree.feed(text)
    tree.close()
    assert tree.errors == []
    assert [n["tag"] for n in tree.stack] == ["#root"], "unclosed elements"
    return tree


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    binary = os.environ["HEATLOOP_BIN"]
    root = tmp_path_factory.mktemp("report")
    data, ws = root / "d", root / "ws"

    def run(*args):
        p = subprocess.run([binary, *map(str, args)], capture_output=True, text=True, timeout=600)
        assert p.returncode == 0, p.stderr
        return p.stdout

    run("simulate", "--units", 6, "--days", 8, "--step", "5min", "--seed", 5, "--out", data)
    # One household's id is markup: it must come out as text everywhere.
    for name in ["units.csv", "sensors.csv"]:
        f = data / name
        f.write_text(f.read_text().replace("unit-0002", NASTY))
    run("ingest", data / "units.csv", data / "sensors.csv", "--workspace", ws,
        "--resample", "5min")
    (root / "study.toml").write_text(STUDY)
    out = run("forecast", root / "study.toml", "--workspace", ws, "--json",
              "--report", root / "report.html")
    return root, json.loads(out)


def test_report_is_valid_html_with_a_plot_per_household(study):
    root, result = study
    text = (root / "report.html").read_text()
    tree = parse(text)
    assert tree.doctype.lower() == "doctype html"
    assert not re.search(r"<(script|link|img|iframe)\b", text), "the page loads nothing"
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in text

    units = [h["unit_id"] for h in result["households"]]
    assert len(units) == 6 and NASTY in units
    figures = find(tree.root, "figure", "forecast-plot")
    assert [f["attrs"]["data-unit"] for f in figures] == units
    for fig in figures:
        panels = find(fig, "div", "panel")
        assert [p["attrs"]["class"] for p in panels] == ["panel first", "panel last"]
        for panel, suffix in zip(panels, ["", " (step 3)"]):
            svgs = find(panel, "svg")
            assert len(svgs) == 1
            series = find(svgs[0], "path", "series")
            assert [s["attrs"]["data-series"] for s in series] == [
                "actual", "gradient_boosting" + suffix, "persistence" + suffix]
            for s in series:
                # 8 days at 5 min, 15% evaluated: ~345 rows, every one drawn (no decimation).
                points = re.findall(r"[ML]-?[\d.]+,-?[\d.]+", s["attrs"]["d"])
                assert 300 < len(points) <= 346
    assert "Every series is drawn with all its points" in text


def test_report_tables_match_the_json(study):
    root, result = study
    tree = parse((root / "report.html").read_text())

    def cells(row):
        return {td["attrs"]["data-metric"]: td for td in find(row, "td") if "data-metric" in td["attrs"]}

    def same(td, value, fmt):
        if value is None:
            assert "data-value" not in td["attrs"]
            return
        assert float(td["attrs"]["data-value"]) == value
        assert td["text"] == fmt.format(value)

    tables = find(tree.root, "table", "metrics")
    assert [t["attrs"]["data-unit"] for t in tables] == [h["unit_id"] for h in result["households"]]
    for table, h in zip(tables, result["households"]):
        rows = find(table, "tr")[1:]
        assert [r["attrs"]["data-model"] for r in rows] == ["gradient_boosting", "persistence"]
        for row in rows:
            m = h["models"][row["attrs"]["data-model"]]
            c = cells(row)
            same(c["rmse"], m["rmse"], "{:.4f}")
            same(c["mae"], m["mae"], "{:.4f}")
            same(c["mape"], m["mape"], "{:.3f}")
            same(c["r2"], m["r2"], "{:.4f}")
            same(c["fit_seconds"], m["fit_seconds"], "{:.2f}")

    models = find(tree.root, "table", id="models")[0]
    for row in find(models, "tr")[1:]:
        m = result["models"][row["attrs"]["data-model"]]
        c = cells(row)
        same(c["micro_rmse"], m["micro"]["rmse"], "{:.4f}")
        same(c["macro_r2"], m["macro"]["r2"], "{:.4f}")
        same(c["fit_seconds_mean"], m["fit_seconds_mean"], "{:.2f}")
        run_id = next(r["run_id"] for r in result["runs"] if r["name"] == row["attrs"]["data-model"])
        assert run_id in row["text"]

    wilcoxon = find(tree.root, "table", id="wilcoxon")[0]
    rows = find(wilcoxon, "tr")[1:]
    assert len(rows) == len(result["wilcoxon"]) == 4
    for row, t in zip(rows, result["wilcoxon"]):
        texts = [td["text"] for td in find(row, "td")]
        assert texts[:3] == [t["a"], t["b"], t["metric"]]
        c = cells(row)
        assert c["n"]["text"] == str(t["n"]) == "6"
        same(c["w_plus"], t["w_plus"], "{:g}")
        same(c["w_minus"], t["w_minus"], "{:g}")
        same(c["p_value"], t["p_value"], "{:.4g}")
        assert 0 < t["p_value"] <= 1 and not math.isnan(t["p_value"])


def test_unit_id_with_markup_is_escaped(study):
    root, _ = study
    text = (root / "report.html").read_text()
    assert "<script>" not in text and "</script>" not in text
    assert "unit-&lt;script&gt;alert(1)&lt;/script&gt;&amp;x" in text
    tree = parse(text)
    # Parsed back, the id is the same text in the heading, the attributes and the table.
    section = find(tree.root, "section", "household", data_unit=NASTY)
    assert len(section) == 1
    assert find(section[0], "h3")[0]["text"] == NASTY
    assert find(section[0], "table", "metrics")[0]["attrs"]["data-unit"] == NASTY


def test_report_renders_in_chromium_without_console_errors(study):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium is not None, \
        "no chromium on PATH (scripts/install-deps.sh installs Debian's chromium)"
    root, _ = study
    p = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
         "--v=0", "--dump-dom", (root / "report.html").as_uri()],
        capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    assert "CONSOLE" not in p.stderr
    dom = p.stdout
    assert dom.count('class="forecast-plot"') == 6
    assert "<script" not in dom


def test_report_into_a_missing_directory_fails_before_training(heatloop, study, tmp_path):
    root, _ = study
    target = tmp_path / "no" / "such" / "report.html"
    code, out, err = heatloop("forecast", root / "study.toml", "--workspace", root / "ws",
                              "--report", target)
    assert code == 2, err
    assert "--report" in err and str(target.parent) in err
    assert "training" not in err  # refused before the first model started
    assert not target.exists()


def test_report_is_refused_for_the_feature_screen(heatloop, study, tmp_path):
    root, _ = study
    code, out, err = heatloop("forecast", "screen", "--workspace", root / "ws", "--report",
                              tmp_path / "r.html")
    assert code == 2 and "--report" in err and "forecast study" in err
    assert out == "" and not (tmp_path / "r.html").exists()
