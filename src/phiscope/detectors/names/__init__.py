"""detectors names."""
