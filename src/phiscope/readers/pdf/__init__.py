"""PDF reader (text layer via pypdfium2)."""

from phiscope.readers.pdf.reader import PdfReader

__all__ = ["PdfReader"]
