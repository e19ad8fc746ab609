"""JSON and NDJSON reader."""

from phiscope.readers.json.reader import JsonReader

__all__ = ["JsonReader"]
