"""``phiscope run``: scan, people, obligations, notices (and evaluate, report) in order, each stage
skipped when the fingerprint of its inputs and settings is the one recorded in the case."""
