"""The wide table as a Stata 118 file: Chinese variable and value labels, blank/absent/not-in-edition kept apart.

Stata 118 stores text as UTF-8, so the Chinese labels survive. Key columns are doubles named by the codebook's
``stata_name`` (32 characters at most); their variable label is the printed row·column. A key without a number
is one of Stata's extended missing values, so a researcher can tell them apart (``tab x, missing``):

* ``.a`` printed blank (``/``, ``-``, ``无`` or an empty cell);
* ``.b`` not printed by the report, though its edition has the key;
* ``.c`` not in the report's edition;
* ``.d`` the document could not be read (an error record).

pandas writes ``.`` for a missing value; the extended ones are set in the written file afterwards, at the
cells' byte offsets (the file's own variable types give the row layout).
"""

from __future__ import annotations

import struct
from pathlib import Path

import pyarrow as pa

from ..template.schema import load_schema
from .codebook import label_zh, stata_names
from .trust import ABSENT, BLANK, NOT_IN_EDITION, UNREAD, state

DTA_VERSION = 118
#: The extended missing value of each state (the letter after the dot).
MISSING_OF_STATE = {BLANK: "a", ABSENT: "b", NOT_IN_EDITION: "c", UNREAD: "d"}
STATUS_LABELS = {"ok": "ok 核验通过", "flagged": "flagged 待复核", "reviewed": "reviewed 已人工复核",
                 "error": "error 无法读取"}
_ID_LABELS = {"source": "文件名", "path": "路径", "agency": "机关", "year": "年度", "edition": "模板版本",
              "status": "状态", "error": "错误", "doc_id": "文件内容哈希", "report_id": "报告标识",
              "copies": "同一报告的份数", "kept": "面板保留此份", "pipeline_version": "gongkai 版本",
              "model_hashes": "模型哈希", "reviewed_by": "复核人", "reviewed_at": "复核时间"}
MAX_LABEL = 80
#: Stata 118 type codes (variable_types section) and their widths in a data row.
_DOUBLE, _FLOAT, _LONG, _INT, _BYTE, _STRL = 65526, 65527, 65528, 65529, 65530, 32768
_WIDTHS = {_DOUBLE: 8, _FLOAT: 4, _LONG: 4, _INT: 2, _BYTE: 1, _STRL: 8}


def write_dta(path: Path, table: pa.Table, records: list[dict], note: str = "") -> None:
    """Write ``table`` (the wide table, key columns named by key) as Stata 118 at ``path``; ``records`` in the
    same order give each empty cell's state."""
    import pandas as pd

    fields = load_schema().fields
    names = stata_names()
    frame = table.to_pandas()
    keys = [c for c in frame.columns if c in fields]
    for key in keys:
        frame[key] = frame[key].astype("float64")
    frame["kept"] = frame["kept"].map({True: 1, False: 0}).astype("float64")
    if len(frame):  # pandas cannot label an empty categorical column
        status = frame["status"].map(lambda s: STATUS_LABELS.get(s, s))
        frame["status"] = pd.Categorical(status, categories=list(dict.fromkeys(
            [*STATUS_LABELS.values(), *status.dropna().unique()])))
    for column in frame.columns:
        series = frame[column]
        if not (pd.api.types.is_numeric_dtype(series) or isinstance(series.dtype, pd.CategoricalDtype)):
            frame[column] = [("" if pd.isna(v) else str(v)) for v in series.astype(object)]
    frame = frame.rename(columns={k: names[k] for k in keys})
    labels = {**_ID_LABELS, **{names[k]: label_zh(fields[k])[:MAX_LABEL] for k in keys}}
    long_text = [c for c in ("path", "error", "source", "agency") if c in frame.columns]
    frame.to_stata(path, version=DTA_VERSION, write_index=False, variable_labels=labels,
                   data_label=note[:MAX_LABEL], convert_strl=long_text)
    missing = [(row, frame.columns.get_loc(names[key]), MISSING_OF_STATE[s])
               for row, record in enumerate(records) for key in keys
               if (s := state(record, key)) in MISSING_OF_STATE]
    _set_extended_missing(path, missing)


def _extended_double(letter: str) -> bytes:
    """Stata's double ``.a`` … ``.z``: ``.`` is 0x7fe0…, each letter adds 1 to the sixth byte (little-endian)."""
    return struct.pack("<Q", 0x7FE0000000000000 + ((ord(letter) - ord("a") + 1) << 40))


def _set_extended_missing(path: Path, cells: list[tuple[int, int, str]]) -> None:
    """Overwrite the given (row, column) double cells with extended missing values."""
    if not cells:
        return
    data = bytearray(path.read_bytes())
    if b"<byteorder>LSF</byteorder>" not in data[:200]:
        raise ValueError("expected a little-endian Stata file")
    start = data.index(b"<variable_types>") + len(b"<variable_types>")
    end = data.index(b"</variable_types>")
    types = struct.unpack(f"<{(end - start) // 2}H", bytes(data[start:end]))
    widths = [_WIDTHS.get(t, t) for t in types]  # a str# type code is its width
    offsets = [sum(widths[:i]) for i in range(len(widths))]
    row_width = sum(widths)
    first = data.index(b"<data>") + len(b"<data>")
    for row, column, letter in cells:
        if types[column] != _DOUBLE:
            raise ValueError(f"column {column} is not a double")
        at = first + row * row_width + offsets[column]
        data[at : at + 8] = _extended_double(letter)
    path.write_bytes(bytes(data))
