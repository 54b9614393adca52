"""The scanner styles made by albumentations (held out when made; ``aged_paper``, ``sheet_feeder`` tuned from
stop 18, ``scan_app`` from stop 22): the same bytes for the same seed name, the page's size and resolution kept, the print still print, and nothing
sent to the network. No page of theirs is read by the OCR here (held out: only the lead's held-out run reads
them); the checks look at the pixels only."""

from __future__ import annotations

import pytest
from scan_style_checks import assert_seeded_by_name, assert_the_page_and_its_print_are_kept, network_attempts

from pipeline.synth.scanner_styles import HELD_OUT, STYLES, scan_styled

NEW_STYLES = ("scan_app", "aged_paper", "sheet_feeder")
#: The degraded page's share of ink pixels against the clean page's: moderate severity neither drowns the
#: page in marks nor fades the print away (measured by eye-checked pages: 0.95–1.16).
INK_RATIO = (0.7, 1.4)
#: The print's darkest 2 % against the paper's median: still far apart (aged_paper, the faintest: about 160).
MIN_CONTRAST = 110


def test_the_albumentations_styles_are_tuned_from_stop_22_and_fax_and_phone_stay_held_out():
    """scan_app, aged_paper and sheet_feeder were held out when made and moved to the tuned side after held-out runs."""
    assert {"fax", "phone"} <= set(HELD_OUT)
    assert not set(NEW_STYLES) & set(HELD_OUT)
    assert set(HELD_OUT) <= set(STYLES)
    assert all("albumentations" in STYLES[s].degrade.__doc__ for s in NEW_STYLES)


@pytest.mark.parametrize("style", NEW_STYLES)
def test_a_held_out_style_is_seeded_by_name_keeps_the_page_and_its_print(table_page, style):
    scanned = scan_styled(table_page, style, "h-a.pdf")
    assert scan_styled(table_page, style, "h-a.pdf") == scanned  # the same name, the same bytes
    assert_the_page_and_its_print_are_kept(table_page, scanned, style, ink_ratio=INK_RATIO,
                                           min_contrast=MIN_CONTRAST, row_slack=0.25)


@pytest.mark.parametrize("style", NEW_STYLES)
def test_another_seed_name_makes_another_page(table_page, style):
    assert_seeded_by_name(table_page, style, (800, 600))


def test_making_a_held_out_page_asks_no_network():
    """albumentations asks PyPI for a newer release when it is imported unless NO_ALBUMENTATIONS_UPDATE is set;
    the styles set it. A fresh interpreter with the network cut (and the variable unset) counts every attempt."""
    assert network_attempts(("scan_app", "aged_paper", "sheet_feeder"), drop_env=("NO_ALBUMENTATIONS_UPDATE",)) == 0


def test_the_scanner_harness_runs_held_out_styles_only_when_asked():
    from conftest import eval_script

    S = eval_script("scanners")
    tuned = S.chosen_styles(None, "tuned")
    assert tuned and not set(tuned) & set(HELD_OUT) and set(tuned) | set(HELD_OUT) == set(STYLES)
    assert S.chosen_styles(None, "held_out") == [s for s in STYLES if s in HELD_OUT]
    assert S.chosen_styles("seal,fax", "all") == ["seal", "fax"]
    assert S.chosen_styles("seal,fax", "held_out") == ["fax"]
    with pytest.raises(ValueError, match="held out"):
        S.chosen_styles("seal,fax", "tuned")
    with pytest.raises(ValueError, match="unknown"):
        S.chosen_styles("seal,sepia", "all")


def test_the_scanner_harness_prints_in_the_fonts_asked_for(tmp_path):
    from conftest import eval_script

    S = eval_script("scanners")
    for style in ("seal", "bleed"):  # scans already made are taken as they are, so nothing is printed here
        (tmp_path / f"m5-000.{style}.s1.uming.pdf").write_bytes(b"%PDF")
    files = S.build(tmp_path, ["seal", "bleed"], 1, 5, 1.0, ["uming"])
    assert [f.name for f in files] == ["m5-000.seal.s1.uming.pdf", "m5-000.bleed.s1.uming.pdf"]
    with pytest.raises(SystemExit):
        S.main(["--fonts", "comic", "--build-only", "--out", str(tmp_path)])


def test_a_style_s_fonts_do_not_depend_on_the_other_styles_run():
    """A style's documents are the same whether it runs alone or among others (stop 25: until then its place in the
    list chose its fonts, so adding a style changed other styles' documents), and the reports still cycle the fonts."""
    from conftest import eval_script

    S = eval_script("scanners")
    fonts = ["a", "b", "c"]
    for style in ("office_scan", "fax", "seal"):
        alone = [S.font_of(i, style, fonts) for i in range(3)]
        assert sorted(alone) == fonts  # three reports, three fonts
        assert alone == [S.font_of(i, style, list(fonts)) for i in range(3)]



def test_the_harness_gives_a_style_the_same_scans_alone_or_among_others(tmp_path):
    from conftest import eval_script

    S = eval_script("scanners")
    fonts = ["uming", "noto-sans", "noto-serif"]
    names = {}
    for style in ("seal", "bleed", "fax"):  # scans already made are taken as they are: nothing is printed here
        for i in range(2):
            names[style, i] = f"m5-{i:03d}.{style}.s1.{S.font_of(i, style, fonts)}.pdf"
            (tmp_path / names[style, i]).write_bytes(b"%PDF")
    together = [f.name for f in S.build(tmp_path, ["seal", "bleed", "fax"], 2, 5, 1.0, fonts)]
    alone = [f.name for f in S.build(tmp_path, ["fax"], 2, 5, 1.0, fonts)]
    assert alone == [names["fax", 0], names["fax", 1]]
    assert set(alone) <= set(together)
