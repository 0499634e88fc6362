from pipeline.run import run


def test_drops_rows_without_id():
    assert run([{"id": None, "occurred_at": "2026-01-01T00:00:00"}]) == []
