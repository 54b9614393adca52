"""The text recogniser: RapidOCR's PP-OCR recognition model, run on ONNX Runtime, offline.

Only recognition is used: the page's rules and line bands already give the boxes, so the detection model
(most of OCR's cost) never runs. The models ship inside the ``rapidocr`` wheel; its configuration is left
on the bundled Chinese models, because any other choice makes it download at first use.
"""

from __future__ import annotations

import os
import threading
from functools import cache

import numpy as np

#: Crops recognised in one call of the model: one at a time is fastest on CPU (measured: 1.3 s for a page of
#: 120 cells one by one, 1.9 s in batches of 16; padding and cache misses grow with the batch).
BATCH = 1
#: Narrowest input to the model (pixels at 48 high): RapidOCR's 320 would pad a one-digit cell sevenfold.
MIN_WIDTH = 48
#: Environment variable: threads ONNX Runtime may use (a batch worker uses one; default: all cores).
THREADS_ENV = "GONGKAI_OCR_THREADS"

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
        "Rec.rec_batch_num": BATCH,
        "Rec.rec_img_shape": [3, 48, MIN_WIDTH],
        "EngineConfig.onnxruntime.intra_op_num_threads": threads,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    })
    return engine._load_rec_model()  # the recogniser alone; RapidOCR's own entry point always takes one image


def recognise(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """Text and confidence (0–1) for each crop (greyscale or BGR images of one line of text)."""
    if not crops:
        return []
    from rapidocr.ch_ppocr_rec import TextRecInput

    images = [np.repeat(c[:, :, None], 3, axis=2) if c.ndim == 2 else c for c in crops]
    with _lock:
        out = _recogniser()(TextRecInput(img=images))
    return [(str(t), float(s)) for t, s in zip(out.txts, out.scores, strict=True)]
