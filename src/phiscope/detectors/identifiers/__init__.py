"""detectors identifiers."""
