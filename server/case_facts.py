"""The facts push stores with each case (its derived review columns): see db/case_facts.py.

Push calls ``facts(payload)`` and stores the result with the case's row, e.g.
``ReceivedCase(..., payload=op.payload, **facts(op.payload))`` or, for a Core insert,
``{**row, **facts(payload)}``; the payload may be the wire dict or its JSON text. The
computation lives in db/ because the schema needs it as well (column defaults, migration
0003's backfill) and db/ does not import the server.
"""

from __future__ import annotations

from db.case_facts import FACT_COLUMNS, SEARCH_FIELDS, facts, searchable

__all__ = ["FACT_COLUMNS", "SEARCH_FIELDS", "facts", "searchable"]
