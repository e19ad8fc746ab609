"""Plain-text reader (the fallback for text-like files)."""

from phiscope.readers.text.reader import TextReader

__all__ = ["TextReader"]
