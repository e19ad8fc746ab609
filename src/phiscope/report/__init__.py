"""The case report: one self-contained HTML file (charts inline as SVG) and the same as PDF."""
