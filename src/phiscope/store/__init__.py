"""The case store: an encrypted DuckDB database plus ``case.json`` in a case directory.

``CaseStore`` is the only way raw values are written or read back; see
``case.py`` for opening, ``writer.py`` for the resumability protocol and
``queries.py`` for what the CLI reads.
"""

from phiscope.store.case import CaseStore
from phiscope.store.crypto import KdfParams
from phiscope.store.keys import ENV_VAR, load_key
from phiscope.store.tuning import StoreTuning

__all__ = ["ENV_VAR", "CaseStore", "KdfParams", "StoreTuning", "load_key"]
