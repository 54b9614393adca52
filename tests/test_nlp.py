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
