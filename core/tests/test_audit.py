from core import audit


def test_it_snapshots_an_empty_file_field_as_none():
    from catalog.models import Standard

    standard = Standard(code="GB 1-2020", title="x", status="current")
    assert audit.snapshot(standard, ["full_text"]) == {"full_text": None}
