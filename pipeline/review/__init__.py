"""``gongkai review``: a local web page to correct flagged cells beside the source and save them as gold.

The loop it closes: a flagged document → its source and its extracted tables side by side → corrected cells →
``NAME.gold.json`` in a corpus folder (the shared gold shape) → ``gongkai train``. One module per job:
``settings`` (what is served and where gold goes), ``files`` (paths kept under the served folder, atomic
writes), ``queue`` (the documents, flagged first), ``layout`` (tables 二/三/四 in the template's layout),
``validate`` (what a cell may hold), ``source`` (pages, sandboxed HTML, text), ``gold`` (current values,
identity verdicts, saving), ``log`` (who changed what, append-only) and ``app`` (the FastAPI routes).
"""
