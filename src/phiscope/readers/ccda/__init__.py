"""C-CDA / CDA R2 clinical documents."""

from phiscope.readers.ccda.reader import CcdaReader

__all__ = ["CcdaReader"]
