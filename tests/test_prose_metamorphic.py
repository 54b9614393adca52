"""eval/prose_metamorphic.py: its rewrites keep the labels' offsets, and it reads the tuning side only."""

from __future__ import annotations

from conftest import eval_script

from pipeline.training import FRESH_SPLITS, TEST_SPLITS, held_out

meta = eval_script("prose_metamorphic")


def test_only_train_and_dev_excerpts_are_read():
    names = {gold["source"] for _, gold in meta.excerpts(meta.CORPUS)}
    apart = set().union(*(held_out(meta.CORPUS, key) for key in TEST_SPLITS + FRESH_SPLITS))
    assert names and not names & apart


def test_moved_words_keep_their_labels():
    """A clause swap and a count moved before its noun say where their pieces went; the labels follow them."""
    text = "本局主动公开政府信息457条，收到申请12件。"
    labels = [{"start": text.index("457"), "end": text.index("457") + 3, "metric": "info_published"},
              {"start": text.index("12"), "end": text.index("12") + 2, "metric": "requests_received"}]
    for family in ("clause_swap", "count_first"):
        edits = next(f for f in meta.FAMILIES if f.name == family).edits(text, {"_labels": labels})
        new, moved = meta.apply(text, edits)
        assert new != text
        assert [new[moved(x["start"]) : moved(x["end"])] for x in labels] == ["457", "12"]
