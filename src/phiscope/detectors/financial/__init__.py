"""detectors financial."""
