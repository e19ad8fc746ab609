"""Spreadsheet reader (XLSX, XLSM, XLSB, XLS, ODS) via python-calamine."""

from phiscope.readers.excel.reader import ExcelReader

__all__ = ["ExcelReader"]
