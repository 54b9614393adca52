"""The HTML evaluation report: its sections, self-containment, wrong cells, and how a browser renders it."""

from __future__ import annotations

import base64
import copy
import io
import json
import os
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest
from conftest import CORPORA, gold_of
from lxml import html as lxml_html
from PIL import Image

from pipeline.evaluation import html_report as report
from pipeline.evaluation.scoring import score
from pipeline.extract import extract_file
from pipeline.template.identities import DOUBTFUL, SOURCE_BREAK
from pipeline.template.schema import APPLICANT_COLUMNS, SUBTOTAL_COLUMN, load_schema

SECTIONS = ("summary", "heatmaps", "breakdowns", "prose", "worst", "identities")
CHROMIUM = Path("/usr/bin/chromium")
INSTALL_HINT = (
    "the report browser test needs headless Chromium at /usr/bin/chromium; install it with "
    "`apt-get update && apt-get install -y chromium` (Debian package 'chromium')"
)
#: The heatmap colour of a cell every document got right.
PERFECT_GREEN = (0x1A, 0x98, 0x50)


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory) -> dict:
    """Extract corpora/html, corrupt a few predictions, score, and write the report once."""
    docs = sorted((CORPORA / "html").glob("*.html"))
    gold = [gold_of(d) for d in docs]
    pred = [extract_file(d) for d in docs]
    by_source = {r["source"]: r for r in pred}
    corrupted: list[tuple[str, str, str, str]] = []  # (source, key, gold text, predicted text)

    first = by_source["hongze-2023.cms.html"]
    key = "requests.unable_not_held.natural_person"
    gold_value = gold_of(CORPORA / "html" / "hongze-2023.cms.html")["fields"][key]
    first["fields"][key] = gold_value + 7
    corrupted.append((first["source"], key, str(gold_value), str(gold_value + 7)))
    del first["fields"]["review.upheld"]
    upheld = gold_of(CORPORA / "html" / "hongze-2023.cms.html")["fields"]["review.upheld"]
    corrupted.append((first["source"], "review.upheld", str(upheld), "missing"))
    first["checks"].append({"identity": "requests.balance.total", "verdict": DOUBTFUL, "lhs": 21, "rhs": 28,
                            "keys": ["requests.new_received.total"]})

    second = by_source["hedong-2020.word.html"]
    key = "active.licensing.decisions"
    gold_value = gold_of(CORPORA / "html" / "hedong-2020.word.html")["fields"][key]
    second["fields"][key] = 987654
    second["provenance"][key] = dict(second["provenance"][key], ambiguous=True, confidence=0.333, text="987654")
    corrupted.append((second["source"], key, str(gold_value), "987654"))

    dropped = "huaian-2024.split.html"
    pred = [r for r in pred if r["source"] != dropped]

    scores = score(gold, pred)
    path = tmp_path_factory.mktemp("report") / "report.html"
    report.write_report(gold, pred, scores, path)
    return {"gold": gold, "pred": pred, "scores": scores, "path": path, "corrupted": corrupted,
            "dropped": dropped, "text": path.read_text("utf-8")}


@pytest.fixture(scope="module")
def tree(evaluation):
    return lxml_html.fromstring(evaluation["text"])


# --------------------------------------------------------------------------- the file


def test_report_has_every_section(evaluation, tree):
    for anchor in SECTIONS:
        assert tree.get_element_by_id(anchor) is not None, anchor
    text = evaluation["text"]
    assert text.startswith("<!DOCTYPE html>")
    for heading in ("Cell accuracy over the template", "Accuracy by format, layout, edition and table",
                    "Prose statements", "Worst documents", "Identity verdicts"):
        assert heading in text
    header = tree.get_element_by_id("summary").text_content()
    cells = evaluation["scores"]["cells"]
    assert f"{cells['correct']} / {cells['total']} cells" in header
    assert "documents exact" in header and "generated" in header
    for name in ("year", "edition", "agency"):
        assert name in header


def test_images_are_embedded_pngs(tree):
    images = tree.xpath("//img")
    assert len(images) >= 5  # 三, 二 2019, 二 2021, 四 and the bar chart
    assert len(tree.xpath("//img[contains(@class, 'heatmap')]")) == 4
    for img in images:
        src = img.get("src")
        assert src.startswith("data:image/png;base64,"), src[:40]
        picture = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1])))
        assert picture.format == "PNG" and picture.width > 300 and picture.height > 150


def test_no_external_resources(evaluation, tree):
    text = evaluation["text"]
    assert "http://" not in text and "https://" not in text
    assert not tree.xpath("//script | //link | //iframe | //object | //embed")
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("src", "href", "srcset", "poster", "data", "action"):
            value = element.get(attribute)
            if value is None:
                continue
            assert value.startswith(("data:", "#")), f"<{element.tag} {attribute}={value[:60]!r}>"
    assert not re.search(r"url\(\s*['\"]?(?!data:)", text)
    assert "@import" not in text


def test_wrong_cells_are_listed_with_provenance(evaluation, tree):
    worst = tree.get_element_by_id("worst")
    blocks = {block.findtext("h3"): block for block in worst.xpath(".//div[@class='doc']")}
    for source, key, gold_text, pred_text in evaluation["corrupted"]:
        assert source in blocks, source
        rows = [[td.text_content().strip() for td in tr.xpath("td")] for tr in blocks[source].xpath(".//tbody/tr")]
        row = next((r for r in rows if r[0] == key), None)
        assert row is not None, f"{key} not listed for {source}"
        assert row[2] == gold_text and row[3] == pred_text
    ambiguous = next(r for r in blocks["hedong-2020.word.html"].xpath(".//tbody/tr")
                     if r.xpath("td")[0].text_content() == "active.licensing.decisions")
    cells = [td.text_content().strip() for td in ambiguous.xpath("td")]
    assert cells[4].startswith("cell") and "block" in cells[5] and cells[6] == "987654"
    assert cells[7] == "0.333" and cells[8] == "ambiguous"
    assert "no prediction for this document" in blocks[evaluation["dropped"]].text_content()


def test_identity_section_counts_and_lists_breaks(evaluation, tree):
    section = tree.get_element_by_id("identities")
    first_table = section.xpath(".//table")[0]
    rows = {tr.xpath("td")[0].text_content(): [td.text_content() for td in tr.xpath("td")]
            for tr in first_table.xpath(".//tbody/tr")}
    checks = [c for r in evaluation["pred"] for c in r.get("checks", [])]
    assert int(rows["all"][-1]) == len(checks)
    assert {"balance", "outcomes", "row_total", "litigation totals"} <= set(rows)
    text = section.text_content()
    assert "requests.balance.total" in text and DOUBTFUL in text
    flagged = {r["source"]: [c for c in r["checks"] if c["verdict"] in (SOURCE_BREAK, DOUBTFUL)]
               for r in evaluation["pred"]}
    flagged = {source: found for source, found in flagged.items() if found}
    assert f"documents with source breaks or doubtful checks ({len(flagged)})" in text
    listed = [tr.xpath("td")[0].text_content() for tr in section.xpath(".//table")[1].xpath(".//tbody/tr")]
    assert listed == sorted(flagged)
    checks_listed = section.xpath(".//table")[2].xpath(".//tbody/tr")
    assert len(checks_listed) == sum(len(found) for found in flagged.values())


def test_prose_table_lists_every_metric(evaluation, tree):
    section = tree.get_element_by_id("prose")
    metrics = [tr.xpath("td")[0].text_content() for tr in section.xpath(".//tbody/tr")]
    assert metrics[:-1] == list(evaluation["scores"]["prose"]["per_metric"]) and metrics[-1] == "all"


# --------------------------------------------------------------------------- the computations


def test_breakdowns_add_up_to_the_scores(evaluation):
    docs = report.evaluate_documents(evaluation["gold"], evaluation["pred"])
    cells = evaluation["scores"]["cells"]
    documents = evaluation["scores"]["documents"]
    for groups in (report.by_format(docs), report.by_layout(docs), report.by_edition(docs)):
        assert sum(g["cells"] for g in groups.values()) == cells["total"]
        assert sum(g["correct"] for g in groups.values()) == cells["correct"]
        assert sum(g["exact"] for g in groups.values()) == documents["exact"]
    assert set(report.by_layout(docs)) == {"cms", "word", "split", "gbk_nometa"}
    assert set(report.by_format(docs)) == {"html"}
    assert set(report.by_edition(docs)) == {"2019", "2021"}
    wrong_layouts = {layout for layout, g in report.by_layout(docs).items() if g["correct"] < g["cells"]}
    assert wrong_layouts == {"cms", "word", "split"}  # split: the dropped prediction


def test_layout_and_format_of():
    assert report.layout_of({"source": "x.word.html"}) == "word"
    assert report.layout_of({"source": "dir/pingtan-2019.txt"}) == "real"
    assert report.layout_of({"source": "a.b.pdf", "synth": {"layout": "landscape", "format": "pdf"}}) == "landscape"
    assert report.format_of({"source": "x.word.html"}) == "html"
    assert report.format_of({"source": "pingtan-2019.txt"}) == "text"
    assert report.format_of({"source": "x.bin"}, {"format": "pdf"}) == "pdf"
    assert report.format_of({"source": "x.html", "synth": {"format": "docx"}}) == "docx"
    assert report.family_of("requests.row_total.granted") == "row_total"
    assert report.family_of("suit_after_review.total") == "litigation totals"


def test_heatmap_grids_follow_the_template(evaluation):
    docs = report.evaluate_documents(evaluation["gold"], evaluation["pred"])
    grids = report.template_grids(docs)
    requests, active_2019, active_2021, litigation = (grid for grid, _ in grids)
    template_rows = list(dict.fromkeys(k.split(".")[1] for k in load_schema().fields if k.startswith("requests.")))
    assert requests.rows == template_rows
    assert {"other", "other_no_correction", "other_unpaid_fee", "other_other"} <= set(requests.rows)
    assert requests.columns == list(APPLICANT_COLUMNS)  # no gold here has the subtotal column
    assert len(litigation.rows) == 3 and len(litigation.columns) == 5
    assert "published" in active_2019.columns and "in_force" in active_2021.columns
    assert active_2021.keys[active_2021.rows.index("licensing")][active_2021.columns.index("made")] is None
    stats = dict(grids[0][1])
    assert stats["requests.unable_not_held.natural_person"][1] < stats["requests.unable_not_held.natural_person"][0]

    with_subtotal = copy.deepcopy(evaluation["gold"][:1])
    with_subtotal[0]["fields"]["requests.new_received.org_subtotal"] = 0
    docs = report.evaluate_documents(with_subtotal, [])
    assert report.template_grids(docs)[0][0].columns[-1] == SUBTOTAL_COLUMN


def test_report_without_a_cjk_font(evaluation, tmp_path, monkeypatch):
    monkeypatch.setattr(report, "CJK_FONT", tmp_path / "no-such-font.ttc")
    gold, pred = evaluation["gold"][:2], evaluation["pred"][:2]
    path = tmp_path / "plain.html"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would be drawn as a box: it must not happen
        report.write_report(gold, pred, score(gold, pred), path)
    assert path.read_text("utf-8").count('src="data:image/png;base64,') == 5


def test_scores_json_is_not_needed_beyond_score(evaluation):
    # write_report takes the plain JSON data of score(): a round trip through JSON must do.
    scores = json.loads(json.dumps(evaluation["scores"], default=str))
    path = evaluation["path"].with_name("roundtrip.html")
    report.write_report(evaluation["gold"][:3], evaluation["pred"][:3], scores, path)
    assert path.stat().st_size > 10_000


# --------------------------------------------------------------------------- in a browser


def _chromium() -> str:
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return str(CHROMIUM)
    found = shutil.which("chromium")
    if found:
        return found
    pytest.fail(INSTALL_HINT)


def _run_chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    command = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}", *args]
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"chromium did not finish in {exc.timeout} s: {' '.join(command)}")


def test_report_renders_in_headless_chromium(evaluation, tmp_path):
    url = evaluation["path"].resolve().as_uri()
    screenshot = tmp_path / "report.png"
    run = _run_chromium([f"--screenshot={screenshot}", "--window-size=1400,2000", "--enable-logging=stderr",
                         "--v=0", url], tmp_path / "profile-shot")
    assert screenshot.is_file(), f"no screenshot (exit {run.returncode}):\n{run.stderr[-3000:]}"
    # The page has no script, so any console message at all (an error, an uncaught exception) is a fault.
    console = [line for line in run.stderr.splitlines()
               if ":CONSOLE" in line or "Uncaught" in line or "Failed to load resource" in line]
    assert not console, "\n".join(console)

    picture = Image.open(screenshot).convert("RGB")
    assert picture.size == (1400, 2000)
    colours = picture.getcolors(maxcolors=1 << 22)
    assert colours is not None and len(colours) > 50, "the screenshot is (nearly) blank"
    green = sum(n for n, rgb in colours if all(abs(a - b) <= 12 for a, b in zip(rgb, PERFECT_GREEN, strict=True)))
    assert green > 5000, "the heatmap (green cells) is not visible in the screenshot"

    dom = _run_chromium(["--dump-dom", url], tmp_path / "profile-dom")
    assert dom.returncode == 0, dom.stderr[-3000:]
    page = lxml_html.fromstring(dom.stdout)
    heatmaps = page.xpath("//img[contains(@class, 'heatmap')]")
    assert len(heatmaps) == 4 and all(img.get("src").startswith("data:image/png;base64,") for img in heatmaps)
    assert len(page.xpath("//table")) >= 8
    for anchor in SECTIONS:
        assert page.xpath(f"//*[@id='{anchor}']"), anchor
