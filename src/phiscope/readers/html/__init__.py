"""HTML and generic XML readers."""

from phiscope.readers.html.reader import HtmlReader, XmlReader

__all__ = ["HtmlReader", "XmlReader"]
