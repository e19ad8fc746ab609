"""Audit-log parsers: one module per format, each a ``LogParser`` subclass with an ``id``
(registered automatically, see ``registry``)."""
