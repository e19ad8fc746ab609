"""ASC X12 005010 health care transactions (837P/I/D, 835, 834, 270/271, 276/277)."""

from phiscope.readers.x12.reader import X12Reader

__all__ = ["X12Reader"]
