"""Delimited-text reader (CSV, TSV, pipe, semicolon …)."""

from phiscope.readers.csv.reader import CsvReader

__all__ = ["CsvReader"]
