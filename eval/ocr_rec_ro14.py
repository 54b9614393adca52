"""Recognition of saved line crops by rapidocr-onnxruntime 1.4.4 (PP-OCRv4, models in the wheel).

Run by ``eval/ocr_engines.py`` with the python of a clean venv that holds only numpy, opencv-python-headless,
pillow and ``rapidocr-onnxruntime==1.4.4`` (the old package pins other OpenCV and ONNX wheels than the
pipeline's, so it cannot share its environment). Imports nothing from the repository::

    /tmp/venv-ro14/bin/python eval/ocr_rec_ro14.py JOB.json OUT.json

JOB.json: ``[{"key": ..., "paths": [PNG, ...]}, ...]``, one entry per page. OUT.json: the package version and,
per key, each crop's (text, score) and the CPU seconds of the recognition alone (PNG decoding excluded), one
thread, one crop at a time and a 48-pixel minimum width as in ``pipeline/ocr/engine.py``.
"""

from __future__ import annotations

import json
import sys
import time
from importlib import metadata
from pathlib import Path

import cv2
import numpy as np
from rapidocr_onnxruntime import RapidOCR


def main(job: str, out: str) -> int:
    engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, rec_batch_num=1, rec_img_shape=[3, 48, 48])
    rec = engine.text_rec
    rec([np.full((40, 120, 3), 255, np.uint8)])  # load and warm up outside the timing
    pages = {}
    for entry in json.loads(Path(job).read_text(encoding="utf-8")):
        images = []
        for path in entry["paths"]:
            gray = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
            images.append(np.repeat(gray[:, :, None], 3, axis=2))
        start = time.process_time()
        reads, _ = rec(images) if images else ([], 0.0)
        pages[entry["key"]] = {"cpu": time.process_time() - start, "reads": [[str(t), float(s)] for t, s in reads]}
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"version": metadata.version("rapidocr-onnxruntime"), "pages": pages}, f, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
