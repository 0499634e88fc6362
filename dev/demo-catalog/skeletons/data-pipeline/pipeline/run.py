"""${{ values.name }}: extract from ${{ values.source }}, transform, load into ${{ values.destination }}."""


def extract(rows):
    return [r for r in rows if r.get("id") is not None]


def transform(rows):
    return [{**r, "day": str(r["occurred_at"])[:10]} for r in rows]


def run(rows):
    return transform(extract(rows))
