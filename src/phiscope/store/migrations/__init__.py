"""Schema migrations: one module per schema version, applied in order.

``vN.apply(con)`` turns a version N-1 database into version N. Never edit a
released migration; add ``v<N+1>.py`` and list it in ``MIGRATIONS``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import duckdb

from phiscope.store.migrations import v1, v2, v3, v4, v5, v6, v7

Migration = Callable[[duckdb.DuckDBPyConnection], None]

MIGRATIONS: Mapping[int, Migration] = {1: v1.apply, 2: v2.apply, 3: v3.apply, 4: v4.apply, 5: v5.apply,
                                       6: v6.apply, 7: v7.apply}
