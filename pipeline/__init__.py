"""gongkai: Chinese government information-disclosure annual reports into canonical, checked records.

The Python API (see :mod:`pipeline.api`): ``from pipeline import extract, extract_many``. Importing the package
loads nothing else; the pipeline is loaded on first use.
"""

__version__ = "0.1.0"

#: Names served lazily (PEP 562): ``import pipeline`` must stay cheap for the command line.
_LAZY = {"extract_many": "pipeline.api", "Record": "pipeline.api"}
__all__ = ["extract", "extract_many", "Record", "__version__"]


def __getattr__(name: str):
    import importlib

    if name == "extract":  # the submodule, callable as the API's extract (see pipeline/extract.py)
        return importlib.import_module("pipeline.extract")
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
