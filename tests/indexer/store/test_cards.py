"""A publication's card holds its record's fields as the stored record has them."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from indexer.store import schema
from indexer.store.index import CARD_KEYS, CARD_META, cards_in, records_in


def test_every_card_matches_its_stored_record(corpus_index: Path) -> None:
    with schema.open_index(corpus_index).searcher() as s:
        docnums = list(s.document_numbers(kind=schema.KIND_PUB))
        full = {r.id: asdict(r) for r in records_in(s)}
        cards = cards_in(s, docnums)
    assert len(cards) == len(full) > 0
    for card, phrases in cards:
        record = full[card["id"]]
        assert {k: card[k] for k in card if k != "meta"} == {
            k: record[k] for k in CARD_KEYS if k in record
        }
        assert card["meta"] == {k: record["meta"][k] for k in CARD_META if k in record["meta"]}
        # Candidates are counts of phrases, and every publication of the corpus has some.
        assert phrases and all(isinstance(v, int) and v > 0 for v in phrases.values())
        json.dumps(card)  # plain JSON values only
