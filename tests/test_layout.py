"""The package's structure: editions are spelled in one place (the import layers are checked by lint-imports)."""

import re
from pathlib import Path

import pytest

from pipeline.template.editions import EDITIONS, by_name, template_editions
from pipeline.template.schema import load_schema

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"
#: The modules allowed to spell an edition's name: its one home, and the schema.
EDITION_HOMES = {"template/editions.py", "template/schema.py"}
EDITION_LITERAL = re.compile(r"""["'](?:{})["']""".format("|".join(re.escape(e.name) for e in EDITIONS)))


def test_no_edition_literal_outside_its_home():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in EDITION_HOMES:
            continue
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if EDITION_LITERAL.search(line):
                offenders.append(f"{rel}:{number}: {line.strip()}")
    assert not offenders, "edition names spelled outside template/editions.py:\n" + "\n".join(offenders)


def test_editions_match_the_schema():
    schema = load_schema()
    assert {e.name for e in EDITIONS} == set(schema.editions)
    for name in template_editions():
        assert by_name(name).template and by_name(name).identities(), name
        assert all(name in i.editions for i in by_name(name).identities())
    with pytest.raises(KeyError):
        by_name("1999")

