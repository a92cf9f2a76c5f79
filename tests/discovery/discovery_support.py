"""What the discovery tests share: the corpus pages to try rules on."""

from __future__ import annotations

import json


def corpus_pages(corpus):
    truth = json.loads(
        (corpus / "scrapinghub_article-extraction-benchmark/ground-truth.json").read_text()
    )
    for path in sorted(corpus.rglob("*.htm*")):
        if "annotated" in path.parts or path.name.startswith("expected"):
            continue
        yield path, truth.get(path.stem, {}).get("url")
