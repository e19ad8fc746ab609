"""One module per output format; each returns ``GeneratedFile`` objects (bytes + inserts)."""
