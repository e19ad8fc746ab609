"""People resolution (issue 5): findings -> person mentions -> normalised identities -> Splink
pairs -> people without conflicting merges -> the notification list, stored in the encrypted case.

Modules: ``mentions`` (grouping rule), ``identity`` and ``normalize`` (what a mention says, normalised),
``table`` (the linkage table), ``linkage`` (Splink 5 model), ``cluster`` (bands, conflicts, clustering),
``summary`` (per-person values), ``resolve`` (the whole run against a case).
"""
