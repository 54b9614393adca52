import json

from pipeline.template.schema import EDITIONS, load_schema, schema_json


def test_package_copy_equals_the_shared_schema(shared):
    assert schema_json() == json.loads((shared / "schema" / "fields.json").read_text("utf-8"))


def test_schema_has_both_editions_keys_identities_and_prose_metrics():
    schema = load_schema()
    assert set(schema.editions) == set(EDITIONS)
    assert len(schema.fields) == 260
    assert len(schema.identities) == 43
    assert "info_published" in schema.prose_metrics and len(schema.prose_metrics) == 12
    required_2019 = [k for k in schema.keys("2019") if not schema.fields[k].optional]
    required_2021 = [k for k in schema.keys("2021") if not schema.fields[k].optional]
    assert len(required_2019) == 22 + 23 * 7 + 15
    assert len(required_2021) == 10 + 26 * 7 + 15  # 23 rows, （六） as one row or three sub-rows


def test_identities_refer_to_schema_keys_of_their_editions():
    schema = load_schema()
    for identity in schema.identities:
        for key in identity.keys:
            assert key in schema.fields, key
            assert set(identity.editions) & set(schema.fields[key].editions)


def test_package_does_not_read_shared_at_run_time():
    from pathlib import Path

    package = Path(__file__).resolve().parents[1] / "pipeline"
    for source in package.rglob("*.py"):
        assert "../shared" not in source.read_text("utf-8"), source
