"""Where alerts go: NDJSON to a stream or file, syslog, a webhook (JSON POST)."""

from __future__ import annotations

import json
import logging
import logging.handlers
import urllib.error
import urllib.request
from typing import Any, Protocol, TextIO

from phiscope.errors import UsageError
from phiscope.watch.alerts import Alert


class AlertSink(Protocol):
    """Something that takes alerts."""

    def emit(self, alert: Alert) -> None:
        """Send one alert."""

    def close(self) -> None:
        """Flush and release."""


class NdjsonSink:
    """One JSON object per line on a text stream (stdout or an open file)."""

    def __init__(self, stream: TextIO, owns: bool = False) -> None:
        self.stream = stream
        self.owns = owns

    def emit(self, alert: Alert) -> None:
        self.stream.write(json.dumps(alert.to_dict(), default=str) + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.owns:
            self.stream.close()


class SyslogSink:
    """RFC 3164 syslog via the standard library (``host:port`` UDP, or a socket path)."""

    def __init__(self, address: str) -> None:
        addr: Any = address
        if ":" in address and not address.startswith("/"):
            host, port = address.rsplit(":", 1)
            addr = (host, int(port))
        self.handler = logging.handlers.SysLogHandler(address=addr)
        self.handler.setFormatter(logging.Formatter("phiscope-watch: %(message)s"))

    def emit(self, alert: Alert) -> None:
        rec = logging.LogRecord("phiscope.watch", logging.WARNING, "", 0, json.dumps(alert.to_dict()),
                                None, None)
        self.handler.emit(rec)

    def close(self) -> None:
        self.handler.close()


class WebhookSink:
    """POST each alert as JSON to a URL; failures are counted, never fatal."""

    def __init__(self, url: str, timeout_s: float = 5.0) -> None:
        if not url.startswith(("http://", "https://")):
            raise UsageError("--webhook must be an http:// or https:// URL")
        self.url = url
        self.timeout_s = timeout_s
        self.failures = 0

    def emit(self, alert: Alert) -> None:
        body = json.dumps(alert.to_dict()).encode()
        req = urllib.request.Request(self.url, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout_s) as resp:
                resp.read()
        except (urllib.error.URLError, OSError):
            self.failures += 1

    def close(self) -> None:
        return None
