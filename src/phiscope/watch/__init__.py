"""Watch: detect bulk access and exfiltration of patient records in audit logs.

Log lines of many formats are parsed into one ``AccessEvent`` model (``parsers/``),
fed in time order to detectors (``detectors/``) whose thresholds come from a TOML
config, and the alerts they raise are grouped into incidents.
"""
