"""Watch: detect bulk access and exfiltration of patient records in audit logs.

Log lines of many formats are parsed into one ``AccessEvent`` model (``parsers/``),
fed in time order to detectors (``detectors/``: exfiltration, privacy, Sigma rules from
``sigma/``) whose thresholds come from a TOML config, and the alerts they raise are grouped
into incidents. Staff and patient directories (``directories``) feed the privacy detectors;
what the detectors learned can be kept between runs (``state``).
"""
