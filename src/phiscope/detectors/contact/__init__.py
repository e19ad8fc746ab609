"""detectors contact."""
