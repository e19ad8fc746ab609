"""Element detectors: one file per element under a group package."""
