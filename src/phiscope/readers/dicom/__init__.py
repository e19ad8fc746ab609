"""DICOM headers (pydicom; pixel data never loaded): patients, physicians, institution, documents."""

from phiscope.readers.dicom.reader import DicomReader

__all__ = ["DicomReader"]
