"""Synthetic hospital audit logs with injected attacks and their ground truth.

Generated logs are not real ones: staff, shifts, census and jobs follow simple seeded
models (see ``population`` and ``normal``) so detectors can be scored, nothing more.
"""
