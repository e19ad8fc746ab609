"""AWS CloudTrail S3 data events (``{"Records": [...]}`` files or one record per line).

``GetObject`` is a read of ``bucket/key`` with ``additionalEventData.bytesTransferredOut``;
``PutObject``/``CopyObject`` are writes. The actor is the IAM user name or role session
(``userIdentity.arn``), the host the ``sourceIPAddress``, ``dest`` the service the request
went to (``eventSource``, such as ``s3.amazonaws.com``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from phiscope.watch.events import DELETE, OTHER, READ, WRITE, AccessEvent, ParseError
from phiscope.watch.parsers._common import as_int, dig, json_objects, parse_time
from phiscope.watch.parsers.base import LogParser, ParseItem

_ACTIONS = {"GetObject": READ, "HeadObject": READ, "ListObjects": READ, "ListObjectsV2": READ,
            "SelectObjectContent": READ, "PutObject": WRITE, "CopyObject": WRITE, "UploadPart": WRITE,
            "CompleteMultipartUpload": WRITE, "DeleteObject": DELETE, "DeleteObjects": DELETE}


class CloudTrailParser(LogParser):
    """CloudTrail records (S3 data events and any other event, as ``other``)."""

    id = "cloudtrail"
    description = "AWS CloudTrail (S3 data events)"

    def sniff(self, head: list[str]) -> float:
        text = "\n".join(head)
        return 0.9 if '"eventSource"' in text and ('"userIdentity"' in text or '"Records"' in text) else 0.0

    def parse(self, lines: Iterable[str]) -> Iterator[ParseItem]:
        for n, obj in json_objects(lines):
            if not isinstance(obj, Mapping):
                yield ParseError(self.id, n, message="not a JSON object")
                continue
            records = obj.get("Records") if "Records" in obj else [obj]
            for rec in records if isinstance(records, list) else []:
                try:
                    ev = _event(rec) if isinstance(rec, Mapping) else None
                except (KeyError, TypeError, ValueError, AttributeError):
                    ev = None
                if ev is None:
                    yield ParseError(self.id, n, message="record without eventTime or identity")
                    continue
                ev.line = n
                yield ev


def _event(r: Mapping[str, Any]) -> AccessEvent | None:
    try:
        ts = parse_time(str(r["eventTime"]))
    except (KeyError, ValueError):
        return None
    ident = r.get("userIdentity") if isinstance(r.get("userIdentity"), Mapping) else {}
    assert isinstance(ident, Mapping)
    arn = str(ident.get("arn") or "")
    actor = str(ident.get("userName") or (arn.rsplit("/", 1)[-1] if arn else "") or
                ident.get("principalId") or "")
    if not actor:
        return None
    bucket = dig(r, "requestParameters", "bucketName") or ""
    key = dig(r, "requestParameters", "key") or ""
    name = str(r.get("eventName", ""))
    out_bytes = as_int(dig(r, "additionalEventData", "bytesTransferredOut"))
    in_bytes = as_int(dig(r, "additionalEventData", "bytesTransferredIn"))
    return AccessEvent(ts=ts, actor=actor, action=_ACTIONS.get(name, OTHER), role=str(ident.get("type", "")),
                       host=str(r.get("sourceIPAddress", "")), object=f"{bucket}/{key}" if bucket else name,
                       bytes=out_bytes or in_bytes, tool=str(r.get("userAgent", "")), command=name,
                       dest=str(r.get("eventSource", "")), source=CloudTrailParser.id)
