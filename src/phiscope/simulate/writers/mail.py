"""E-mail: a message builder that records header and body values, EML files and one MBOX."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date
from email import policy
from email.message import EmailMessage

from phiscope.simulate.dates import MONTHS
from phiscope.simulate.documents import GeneratedFile, Part, TextDoc, plain
from phiscope.simulate.truth import Insert, Val

Header = tuple[str, tuple[Part, ...]]
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def mail_date(rng: random.Random) -> str:
    """An RFC 5322 date on a weekday in March 2024 (header metadata, not recorded as a value)."""
    day = rng.choice([d for d in (date(2024, 3, n) for n in range(1, 32)) if d.weekday() < 5])
    return (f"{_DAYS[day.weekday()]}, {day.day:02d} {MONTHS[2][:3]} 2024 "
            f"{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} -0500")


def message(headers: Sequence[Header], body: TextDoc, rng: random.Random,
            attachments: Sequence[GeneratedFile] = (),
            domain: str = "ctvalleyhealth.org") -> tuple[EmailMessage, list[Insert]]:
    """Build a message; inserts carry ``header`` or ``part`` hints and attachment chains."""
    msg = EmailMessage(policy=policy.default)
    inserts: list[Insert] = []
    for name, parts in headers:
        msg[name] = plain(parts)
        inserts.extend(Insert(p, {"header": name}) for p in parts if isinstance(p, Val))
    msg["Date"] = mail_date(rng)
    msg["Message-ID"] = f"<{rng.getrandbits(64):016x}.{rng.randint(1000, 9999)}@{domain}>"
    msg["MIME-Version"] = "1.0"
    text = body.text()
    msg.set_content(text, cte="8bit" if any(ord(c) > 127 for c in text) else "7bit")
    inserts.extend(Insert(i.val, {"part": "body", **i.where}) for i in body.inserts)
    for att in attachments:
        maintype, subtype = _mime(att.path)
        msg.add_attachment(att.data, maintype=maintype, subtype=subtype, filename=att.path)
        inserts.extend(att.nested())
    if msg.is_multipart():  # the email package would pick a random boundary
        msg.set_boundary(f"===={rng.getrandbits(64):016x}====")
    return msg, inserts


def _mime(name: str) -> tuple[str, str]:
    ext = name.rsplit(".", 1)[-1].lower()
    return {"csv": ("text", "csv"), "pdf": ("application", "pdf"), "txt": ("text", "plain"),
            "docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
            }.get(ext, ("application", "octet-stream"))


def eml_file(path: str, msg: EmailMessage, inserts: list[Insert]) -> GeneratedFile:
    """One message as an .eml file with CRLF line ends."""
    return GeneratedFile(path, msg.as_bytes(policy=policy.SMTP), inserts)


def mbox_file(path: str, messages: Sequence[tuple[EmailMessage, list[Insert]]]) -> GeneratedFile:
    """An mbox; each value's ``where`` gets the 1-based ``message`` number.

    Attachments of message *n* are members named ``msg<n>/<filename>``
    (``archive.mbox!/msg1/list.csv``), as phiscope's mbox reader names them.
    """
    chunks: list[bytes] = []
    inserts: list[Insert] = []
    for n, (msg, ins) in enumerate(messages, 1):
        raw = msg.as_bytes(policy=policy.default)
        lines = [b">" + ln if ln.startswith(b"From ") else ln for ln in raw.split(b"\n")]
        body = b"\n".join(lines).rstrip(b"\n")
        chunks.append(b"From MAILER-DAEMON Mon Apr  1 09:00:00 2024\n" + body + b"\n\n")
        for i in ins:
            chain = (f"msg{n}/{i.chain[0]}", *i.chain[1:]) if i.chain else ()
            inserts.append(Insert(i.val, {"message": n, **i.where} if not chain else i.where, chain))
    return GeneratedFile(path, b"".join(chunks), inserts)

