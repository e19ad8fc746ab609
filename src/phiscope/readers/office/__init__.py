"""Office document reader (DOCX, PPTX, ODT, ODP; reports encrypted OOXML and legacy .doc/.ppt)."""

from phiscope.readers.office.reader import OfficeReader

__all__ = ["OfficeReader"]
