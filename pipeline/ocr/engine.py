"""The text recogniser: RapidOCR's PP-OCR recognition model, run on ONNX Runtime, offline.

Only recognition is used: the page's rules and line bands already give the boxes, so the detection model
(most of OCR's cost) never runs. The models ship inside the ``rapidocr`` wheel; its configuration is left
on the bundled Chinese models, because any other choice makes it download at first use.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np

#: Narrowest input to the model (pixels at 48 high): RapidOCR's 320 would pad a one-digit cell sevenfold.
MIN_WIDTH = 48
#: Environment variable: threads ONNX Runtime may use (a batch worker uses one; default: all cores).
THREADS_ENV = "GONGKAI_OCR_THREADS"

#: Characters that a printed digit is read as, and that mean that digit in a number.
LOOKALIKE = dict.fromkeys("OoD〇QОо", "0") | dict.fromkeys("lI|丨iІ", "1")

_lock = threading.Lock()


class OcrUnavailable(RuntimeError):
    """The OCR extra is not installed."""


def available() -> bool:
    try:
        import onnxruntime  # noqa: F401
        import rapidocr  # noqa: F401
    except ImportError:
        return False
    return True


@cache
def _recogniser():
    try:
        from rapidocr import RapidOCR
    except ImportError as exc:
        raise OcrUnavailable("OCR needs the ocr extra: pip install 'gongkai[ocr]'") from exc
    threads = int(os.environ.get(THREADS_ENV, "-1"))
    engine = RapidOCR(params={
        "Global.log_level": "error",
        "Global.use_det": False,
        "Global.use_cls": False,
        "Rec.rec_img_shape": [3, 48, MIN_WIDTH],
        "EngineConfig.onnxruntime.intra_op_num_threads": threads,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    })
    return engine._load_rec_model()  # the recogniser alone; RapidOCR's own entry point always takes one image


@dataclass(frozen=True)
class Reading:
    """What the recogniser read in one crop, and how sure it was: on average over the characters, and of
    its least certain character (what a number's single misread digit shows in)."""

    text: str
    mean: float
    least: float


def _step_probabilities(rec, crop: np.ndarray) -> np.ndarray:
    """The model's class probabilities at each step along one line crop (grey or BGR), resized as it was trained
    (never narrower than :data:`MIN_WIDTH`). Call under ``_lock``: the session is shared."""
    image = np.repeat(crop[:, :, None], 3, axis=2) if crop.ndim == 2 else crop
    ratio = max(image.shape[1] / max(image.shape[0], 1), MIN_WIDTH / 48)
    return rec.session(rec.resize_norm_img(image, ratio)[None].astype(np.float32))[0]


def recognise(crops: list[np.ndarray]) -> list[Reading]:
    """One :class:`Reading` per crop (greyscale or BGR images of one line of text).

    Crops go through the model one at a time: on CPU that is fastest (a page of 120 cells: 1.3 s one by one,
    1.9 s in batches of 16; padding and cache misses grow with the batch)."""
    if not crops:
        return []
    rec = _recogniser()
    classes = _classes()
    out = []
    with _lock:
        for crop in crops:
            out.append(_decode(_step_probabilities(rec, crop), classes))
    return out


def recognise_digits(crops: list[np.ndarray]) -> list[Reading]:
    """One :class:`Reading` per crop, read as digits only: the most likely digit (or nothing) at each step,
    its probability under the full model (so a digit the model hardly saw reads unsure). For a cell whose
    strokes a copier's threshold broke (a 4 that lost its diagonal read ``↓``): what digit it most resembles."""
    if not crops:
        return []
    rec = _recogniser()
    characters, class_of, members = _classes()
    allowed = _digit_indices()
    out = []
    with _lock:
        for crop in crops:
            probs = _step_probabilities(rec, crop)
            best = allowed[probs[:, allowed].argmax(axis=1)]
            keep = best != 0
            keep[1:] &= best[1:] != best[:-1]
            steps = np.flatnonzero(keep)
            if not len(steps):
                out.append(Reading("", 0.0, 0.0))
                continue
            p = np.array([probs[t, members[class_of[best[t]]]].sum() for t in steps])
            text = "".join(LOOKALIKE.get(characters[i], characters[i]) for i in best[steps])
            out.append(Reading(unicodedata.normalize("NFKC", text), float(p.mean()), float(p.min())))
    return out


@cache
def _digit_indices() -> np.ndarray:
    """The model's blank (index 0) and every character that reads as a digit 0–9."""
    characters = _classes()[0]
    digits = [i for i, c in enumerate(characters)
              if i and unicodedata.normalize("NFKC", LOOKALIKE.get(c, c)) in set("0123456789")]
    return np.array([0, *digits], dtype=np.int64)


def _decode(probs: np.ndarray, classes: tuple[list[str], np.ndarray, list[np.ndarray]]) -> Reading:
    """Greedy CTC decoding; a character's probability counts its look-alikes (0 and O, 1 and l, 1 and １),
    which read as the same digit here."""
    characters, class_of, members = classes
    best = probs.argmax(axis=1)
    keep = best != 0
    keep[1:] &= best[1:] != best[:-1]
    steps = np.flatnonzero(keep)
    if not len(steps):
        return Reading("", 0.0, 0.0)
    p = np.array([probs[t, members[class_of[best[t]]]].sum() for t in steps])
    text = "".join(characters[i] for i in best[steps])
    return Reading(text, float(p.mean()), float(p.min()))


@cache
def _classes() -> tuple[list[str], np.ndarray, list[np.ndarray]]:
    """The model's characters, the class of each (characters that read the same), and each class's members."""
    characters = list(_recogniser().postprocess_op.character)
    keys = [LOOKALIKE.get(c, unicodedata.normalize("NFKC", c)) for c in characters]
    ids: dict[str, int] = {}
    class_of = np.array([ids.setdefault(k, len(ids)) for k in keys], dtype=np.int64)
    members: list[list[int]] = [[] for _ in ids]
    for index, cls in enumerate(class_of.tolist()):
        members[cls].append(index)
    return characters, class_of, [np.array(m, dtype=np.int64) for m in members]
