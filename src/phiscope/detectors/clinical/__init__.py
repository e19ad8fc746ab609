"""detectors clinical."""
