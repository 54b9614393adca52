"""jieba's prefix dictionary from gongkai's flat cache: the same dict (items and order) and the same words."""

from __future__ import annotations

import tempfile

import jieba
from model_texts import corpus_label_texts

from pipeline.prose import nlp


def test_the_flat_cache_gives_jiebas_own_dictionary(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    own = jieba.Tokenizer()
    assert nlp.load_dictionary(own)  # the first time: jieba's own load, then the cache is written
    cache = nlp._cache_path(jieba)
    assert cache.is_file() and own.initialized
    flat = jieba.Tokenizer()
    assert nlp.load_dictionary(flat) and flat.initialized
    assert flat.total == own.total and flat.FREQ == own.FREQ and list(flat.FREQ) == list(own.FREQ)
    sentences = corpus_label_texts()[:400]
    assert [flat.lcut(s) for s in sentences] == [own.lcut(s) for s in sentences]
    assert not nlp.load_dictionary(flat)  # already initialised: left alone

    cache.write_bytes(cache.read_bytes()[:-100])  # a cut-short cache is rebuilt, never half read
    again = jieba.Tokenizer()
    assert nlp.load_dictionary(again) and again.FREQ == own.FREQ
    assert nlp._read_cache(cache)[0] == own.FREQ


def test_spacy_is_imported_without_its_cli_and_the_cli_still_imports():
    import json
    import subprocess
    import sys

    from conftest import ROOT

    code = ("import sys, json; from pipeline.prose.nlp import import_spacy, tokenize; spacy = import_spacy(); "
            "without = 'spacy.cli' not in sys.modules and not hasattr(spacy, 'cli'); "
            "words = [t.text for t in tokenize('本年度共收到政府信息公开申请20件')]; "
            "import spacy.cli.info; "
            "print(json.dumps([without, words, spacy.cli.__file__.endswith('cli/__init__.py'), "
            "sys.modules['spacy.cli.info'].info.__module__]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    without, words, real_cli, info_module = json.loads(done.stdout.splitlines()[-1])
    assert without and real_cli and info_module == "spacy.cli.info"
    assert words == ["本年度", "共", "收到", "政府", "信息公开申请", "20", "件"]
