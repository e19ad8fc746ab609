"""Detectors: one module per detector, each a ``Detector`` subclass with a stable ``id``
(registered automatically, see ``registry``)."""
