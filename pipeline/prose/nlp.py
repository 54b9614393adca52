"""The Chinese NLP pipeline: spaCy's blank ``zh`` with the jieba segmenter and our disclosure vocabulary.

No model is downloaded: spaCy's Chinese tokenizer with jieba needs only jieba's own dictionary, which ships
in its wheel. jieba does not save user words with a pipeline, so they are loaded here, once per process.
"""

from __future__ import annotations

import logging
from functools import cache
from importlib import resources

#: Stands for the number being classified; other numbers in a window become OTHER_NUMBER.
NUMBER = "Ⓝ"
OTHER_NUMBER = "Ⓓ"


@cache
def nlp():
    import jieba
    import spacy

    jieba.setLogLevel(logging.WARNING)
    with resources.as_file(resources.files("pipeline.prose").joinpath("userdict.txt")) as path:
        jieba.load_userdict(str(path))
    for word in (NUMBER, OTHER_NUMBER):
        jieba.add_word(word, 100000)
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


def tokenize(text: str):
    """A spaCy Doc of ``text`` (tokenizer only: there are no trained components)."""
    return nlp().make_doc(text)
