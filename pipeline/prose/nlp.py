"""The Chinese NLP pipeline: spaCy's blank ``zh`` with the jieba segmenter and our disclosure vocabulary.

No model is downloaded: spaCy's Chinese tokenizer with jieba needs only jieba's own dictionary, which ships
in its wheel. jieba does not save user words with a pipeline, so they are loaded here, once per process.

jieba reads its prefix dictionary (half a million words and prefixes) from a marshal cache, which costs most
of a second at every start. :func:`load_dictionary` keeps the same dictionary in a flat cache of its own (the
words, then their counts) that becomes the same dict, in the same order, three to four times faster.
"""

from __future__ import annotations

import array
import json
import logging
import os
import sys
import tempfile
import types
from functools import cache
from importlib import resources
from pathlib import Path

#: Stands for the number being classified; other numbers in a window become OTHER_NUMBER.
NUMBER = "Ⓝ"
OTHER_NUMBER = "Ⓓ"


#: First line of the flat dictionary cache; bumped when its layout changes.
_CACHE_MAGIC = b"gongkai-jieba-prefix-dict 1\n"


def _cache_path(jieba) -> Path:
    """Where the flat cache of jieba's default dictionary lives (beside jieba's own, keyed by its version and
    its dictionary file, so an upgraded jieba gets a new one)."""
    source = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    stat = source.stat()
    return Path(tempfile.gettempdir()) / f"gongkai-jieba-{jieba.__version__}-{stat.st_size}-{int(stat.st_mtime)}.bin"


def import_jieba():
    """jieba, imported without pkg_resources. jieba 0.42 imports pkg_resources only to open its dictionary
    file, and opens the same file from its own folder when the import fails; pkg_resources scans every
    installed distribution when imported, a few tenths of a second of every start. The block lasts for this
    one import only."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # makes `import pkg_resources` raise ImportError
    try:
        import jieba
    finally:
        if blocked and "pkg_resources" in sys.modules and sys.modules["pkg_resources"] is None:
            del sys.modules["pkg_resources"]
    return jieba


def import_spacy():
    """spaCy, imported without its command-line interface. spaCy's ``__init__`` imports ``spacy.cli`` (typer and
    every command: about a third of its import time) only to offer ``spacy.info``; gongkai needs the tokenizer
    and the Matcher. For this one import ``spacy.cli`` is a stub whose ``info`` calls the real one; the stub is
    dropped right after, so a later ``import spacy.cli`` gets the real module. Should a spaCy release need
    more of its CLI at import, the plain import is done instead."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []
    info = types.ModuleType("spacy.cli.info")
    info.info = _spacy_info
    stubs = {"spacy.cli": cli, "spacy.cli.info": info}
    if any(name in sys.modules for name in stubs):
        import spacy

        return spacy
    sys.modules.update(stubs)
    try:
        import spacy
    except ImportError:
        for name in [n for n in sys.modules if n == "spacy" or n.startswith("spacy.")]:
            del sys.modules[name]
        import spacy
    finally:
        for name, module in stubs.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    if getattr(spacy, "cli", None) is cli:
        del spacy.cli
    return spacy


def _spacy_info(*args, **kwargs):
    from spacy.cli.info import info

    return info(*args, **kwargs)


def load_dictionary(tokenizer=None) -> bool:
    """Give a jieba tokenizer (the default one: ``jieba.dt``) its prefix dictionary from the flat cache, written
    the first time from jieba's own. False when it is already initialised or has another dictionary."""
    jieba = import_jieba()
    tokenizer = jieba.dt if tokenizer is None else tokenizer
    if tokenizer.initialized or tokenizer.dictionary != jieba.DEFAULT_DICT:
        return False
    path = _cache_path(jieba)
    try:
        freq, total = _read_cache(path)
    except (OSError, ValueError, KeyError, UnicodeDecodeError):
        tokenizer.initialize()  # jieba's own load (and, the first time, its build)
        _write_cache(path, tokenizer.FREQ, tokenizer.total)
        return True
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
    return True


def _read_cache(path: Path) -> tuple[dict[str, int], int]:
    data = path.read_bytes()
    if not data.startswith(_CACHE_MAGIC):
        raise ValueError(f"{path}: not a dictionary cache")
    header_end = data.index(b"\n", len(_CACHE_MAGIC))
    header = json.loads(data[len(_CACHE_MAGIC) : header_end])
    words_end = header_end + 1 + header["words_bytes"]
    words = data[header_end + 1 : words_end].decode("utf-8").split("\n")
    counts = array.array("q")
    counts.frombytes(data[words_end:])
    if len(words) != header["count"] or len(counts) != header["count"]:
        raise ValueError(f"{path}: truncated")
    return dict(zip(words, counts.tolist(), strict=True)), header["total"]


def _write_cache(path: Path, freq: dict[str, int], total: int) -> None:
    """Write the cache atomically (another process may be reading it); silently skip what cannot be."""
    if any("\n" in word for word in freq):
        return
    words = "\n".join(freq).encode("utf-8")
    header = json.dumps({"count": len(freq), "total": total, "words_bytes": len(words)}).encode()
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name)
        with os.fdopen(fd, "wb") as f:
            f.write(_CACHE_MAGIC + header + b"\n" + words + array.array("q", freq.values()).tobytes())
        os.replace(tmp, path)
    except OSError:
        logging.getLogger(__name__).debug("cannot write %s", path, exc_info=True)


@cache
def nlp():
    jieba = import_jieba()  # before spaCy, which imports jieba for its segmenter
    spacy = import_spacy()

    jieba.setLogLevel(logging.WARNING)
    load_dictionary()
    with resources.as_file(resources.files("pipeline.prose").joinpath("userdict.txt")) as path:
        jieba.load_userdict(str(path))
    for word in (NUMBER, OTHER_NUMBER):
        jieba.add_word(word, 100000)
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


def tokenize(text: str):
    """A spaCy Doc of ``text`` (tokenizer only: there are no trained components)."""
    return nlp().make_doc(text)
