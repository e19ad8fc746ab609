"""phiscope: healthcare data-breach response — find, count and notify, offline."""

__version__ = "0.1.0"
