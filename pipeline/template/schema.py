"""The canonical schema, loaded from the copy of ``fields.json`` shipped inside the package.

The package never reads the shared schema folder at run time; a test keeps this copy equal to it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from .editions import edition_names

EDITIONS = edition_names()
#: The schema's table of the pre-2019 indicators (``legacy.*``).
PRE2019_TABLE = "legacy"
APPLICANT_COLUMNS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total")
ORG_COLUMNS = ("commercial", "research", "social_org", "legal_service", "other_org")
SUBTOTAL_COLUMN = "org_subtotal"
LITIGATION_GROUPS = ("review", "suit_direct", "suit_after_review")
LITIGATION_COLUMNS = ("upheld", "corrected", "other", "pending", "total")

#: The printed table each key prefix belongs to, for per-table scores.
TABLE_OF_PREFIX = {
    "active": "active",
    "requests": "requests",
    "review": "litigation",
    "suit_direct": "litigation",
    "suit_after_review": "litigation",
    PRE2019_TABLE: PRE2019_TABLE,
}


@dataclass(frozen=True)
class Field:
    """One canonical cell: ``<table>.<row>.<column>`` or ``<table>.<column>``."""

    key: str
    table: str
    editions: tuple[str, ...]
    row_label: str
    col_label: str
    type: str
    optional: bool = False
    item: str = ""
    labels_by_edition: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def row(self) -> str:
        parts = self.key.split(".")
        return parts[1] if len(parts) == 3 else parts[0]

    @property
    def column(self) -> str:
        return self.key.split(".")[-1]

    def labels(self, edition: str) -> tuple[str, str]:
        """The (row, column) labels this edition prints for the field."""
        return self.labels_by_edition.get(edition, (self.row_label, self.col_label))


@dataclass(frozen=True)
class Identity:
    """An accounting rule: the sum of ``lhs`` equals the sum of ``rhs`` over the printed keys."""

    name: str
    editions: tuple[str, ...]
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    note: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        return self.lhs + self.rhs


@dataclass(frozen=True)
class Schema:
    version: int
    editions: dict[str, str]
    fields: dict[str, Field]
    identities: tuple[Identity, ...]
    prose_metrics: tuple[str, ...]

    def keys(self, edition: str) -> list[str]:
        return [k for k, f in self.fields.items() if edition in f.editions]

    def identities_for(self, edition: str) -> list[Identity]:
        return [i for i in self.identities if edition in i.editions]

    def table_of(self, key: str) -> str:
        return TABLE_OF_PREFIX.get(key.split(".")[0], "other")


def _field(raw: dict) -> Field:
    return Field(
        key=raw["key"],
        table=raw["table"],
        editions=tuple(raw["editions"]),
        row_label=raw["row_label"],
        col_label=raw["col_label"],
        type=raw["type"],
        optional=bool(raw.get("optional", False)),
        item=raw.get("item", ""),
        labels_by_edition={ed: tuple(v) for ed, v in raw.get("labels_by_edition", {}).items()},
    )


def parse_schema(raw: dict) -> Schema:
    return Schema(
        version=raw["schema_version"],
        editions=dict(raw["editions"]),
        fields={f["key"]: _field(f) for f in raw["fields"]},
        identities=tuple(
            Identity(i["name"], tuple(i["editions"]), tuple(i["lhs"]), tuple(i["rhs"]), i.get("note", ""))
            for i in raw["identities"]
        ),
        prose_metrics=tuple(m["metric"] for m in raw["prose_metrics"]),
    )


def schema_json() -> dict:
    return json.loads(resources.files("pipeline.template").joinpath("fields.json").read_text("utf-8"))


@cache
def load_schema() -> Schema:
    """The schema shipped with the package (parsed once per process)."""
    return parse_schema(schema_json())
