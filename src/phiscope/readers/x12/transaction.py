"""Loop-aware reading of one transaction set (ST…SE) into person records.

Scopes: an HL (837, 270/271, 276/277), a CLP claim (835) or an INS member
(834). Each scope's people are records keyed by the scope and the loop (or
entity code): ``ISA1/GS1/ST1/HL3/2010CA``, ``…/HL3/CLM1/82``, ``…/CLP2/QC``,
``…/INS4/2100A``. N3/N4/DMG/PER/REF after an NM1 describe that entity;
claim facts (CLM01/CLP01, HI diagnoses, dates of care, claim REFs) go to the
scope's subject: the patient (or subscriber when the patient is the
subscriber, or the 834 member). Records are emitted when their scope ends.
"""

from __future__ import annotations

from collections.abc import Callable

from phiscope.model import Record
from phiscope.readers._record_acc import Acc
from phiscope.readers.x12 import elements as el
from phiscope.readers.x12.segment import Emitter, Segment
from phiscope.readers.x12.tables import ENTITY_ROLES, FAMILY, LOOPS, SAME_PERSON

MAX_SCOPE_SEGMENTS = 5000  # segments of one scope whose fields are held before a flush
_SUBJECT_ROLES = ("patient", "dependent")


class TransactionBuilder:
    """Reads the segments of one transaction set; ``out`` holds finished records."""

    def __init__(self, prefix: str, code: str, em: Emitter) -> None:
        self.prefix = prefix
        self.family = FAMILY.get(code, code)
        self.em = em
        self.out: list[Record] = []
        self.entity: Acc | None = None
        self.subject: Acc | None = None
        self.scope = ""
        self.level = ""
        self.count: dict[str, int] = {}
        self.in_claim = False
        self.member_role = "subscriber"
        self._accs: dict[str, Acc] = {}
        self._held = 0
        #: what ``add`` does per segment name (any other segment is only counted by the envelope)
        self.handlers = HANDLERS

    def add(self, seg: Segment) -> None:
        """Read one segment."""
        handler = HANDLERS.get(seg.name)
        if handler is not None:
            handler(self, seg)
            self._held += 1
            if self._held >= MAX_SCOPE_SEGMENTS:
                self.flush()

    def next(self, what: str) -> int:
        """The next ordinal of ``what`` (HL, CLM, LX …) in this transaction or claim."""
        self.count[what] = self.count.get(what, 0) + 1
        return self.count[what]

    def record(self, base: str, role: str, reuse: bool = False) -> Acc:
        """A record of this scope (``reuse``: the same key names the same person again)."""
        key = f"{self.prefix}/{base}"
        if key in self._accs:
            if reuse:
                return self._accs[key]
            key = f"{key}[{self.next(key)+1}]"
        acc = self._accs[key] = Acc(key, role)
        return acc

    def facts(self) -> Acc:
        """Where claim facts go: the subject, else a record the subject's NM1 will reuse."""
        if self.subject is None:
            base, role = f"{self.scope}/patient", "patient"
            if self.family == "835":
                base = f"{self.scope}/QC"
            elif self.family == "834":
                base, role = f"{self.scope}/2100A", self.member_role
            self.subject = self.record(base, role, reuse=True)
        return self.subject

    def new_scope(self, scope: str) -> None:
        """End the current scope (its records are emitted) and start another."""
        self.flush()
        self._accs.clear()
        self.scope = scope
        self.entity = self.subject = None
        self.in_claim = False
        self.count = {k: v for k, v in self.count.items() if k in ("HL", "CLP", "INS")}

    def flush(self) -> None:
        """Emit the fields gathered so far."""
        for acc in self._accs.values():
            if acc.fields:
                self.out.append(acc.record())
                acc.fields = []
        self._held = 0

    def take(self) -> list[Record]:
        """Records finished since the last call."""
        out, self.out = self.out, []
        return out


def _loop(tb: TransactionBuilder, code: str) -> str:
    if tb.in_claim:
        claim = f"CLM{tb.count.get('CLM', 0)}"
        if code in ("IL", "PR"):
            return f"{claim}/SBR{tb.count.get('SBR', 0)}/{'2330A' if code == 'IL' else '2330B'}"
        line = tb.count.get("LX", 0)
        return f"{claim}/LX{line}/{code}" if line else f"{claim}/{code}"
    if (tb.family == "27x" and tb.level == "21") or (tb.family == "276" and tb.level == "19"):
        return "2100B" if tb.family == "27x" else "2100C"
    return LOOPS.get((tb.family, code), code)


def _nm1(tb: TransactionBuilder, seg: Segment) -> None:
    code = seg.el(1)
    if (code in SAME_PERSON and tb.family == "834") or (code == "74" and tb.subject is not None):
        tb.entity = tb.facts()
        el.name(tb.em, tb.entity, seg, f"NM1*{code}")
        return
    role = ENTITY_ROLES.get(code)
    if role is None:
        tb.entity = None
        return
    if tb.family == "834" and code == "IL":
        role = tb.member_role
    base = f"{tb.scope}/{_loop(tb, code)}" if tb.scope else _loop(tb, code)
    subject = not tb.in_claim and (role in _SUBJECT_ROLES or (role in ("subscriber",) and tb.subject is None))
    acc = tb.record(base, role, reuse=subject)
    if subject:
        tb.subject = acc
    tb.entity = acc
    el.name(tb.em, acc, seg, f"NM1*{code}")
    el.ident(tb.em, acc, seg, 8, f"NM1*{code}")


def _n1(tb: TransactionBuilder, seg: Segment) -> None:
    code = seg.el(1)
    role = ENTITY_ROLES.get(code)
    if role not in ("payer", "provider"):
        tb.entity = None
        return
    tb.entity = tb.record(f"{tb.scope}/{code}" if tb.scope else code, role or "other")
    el.ident(tb.em, tb.entity, seg, 3, f"N1*{code}")


def _entity(fn: Callable[[Emitter, Acc, Segment], None], people_only: bool = False) -> Handler:
    def handle(tb: TransactionBuilder, seg: Segment) -> None:
        if tb.entity is not None and (not people_only or el.is_person(tb.entity)):
            fn(tb.em, tb.entity, seg)
    return handle


def _ref(tb: TransactionBuilder, seg: Segment) -> None:
    target = tb.entity
    if target is None or (tb.family == "835" and not el.is_person(target)):
        target = tb.facts()
    el.ref(tb.em, target, seg)


def _scope(what: str) -> Handler:
    def handle(tb: TransactionBuilder, seg: Segment) -> None:
        if what == "INS" and tb.family != "834":
            return  # INS of a 271 dependent: a relationship code, not a new member
        tb.new_scope(f"{what}{tb.next(what)}")
        if what == "HL":
            tb.level = seg.el(3)
        elif what == "INS":
            tb.member_role = "subscriber" if seg.el(1) == "Y" else "dependent"
        elif what == "CLP":
            el_claim(tb, seg, "claim submitter's identifier")
    return handle


def el_claim(tb: TransactionBuilder, seg: Segment, label: str) -> None:
    """CLM01 / CLP01: the provider's patient control (account) number, untyped."""
    tb.em.put(tb.facts(), seg, 1, seg.el(1), None, f"patient control number ({label})")


def _clm(tb: TransactionBuilder, seg: Segment) -> None:
    tb.in_claim = True
    tb.next("CLM")
    tb.count["LX"] = tb.count["SBR"] = 0
    tb.entity = None
    el_claim(tb, seg, "claim")


def _counter(what: str) -> Handler:
    def handle(tb: TransactionBuilder, seg: Segment) -> None:
        if tb.in_claim:
            tb.next(what)
        tb.entity = None
    return handle


def _fact(fn: Callable[[Emitter, Acc, Segment], None]) -> Handler:
    def handle(tb: TransactionBuilder, seg: Segment) -> None:
        fn(tb.em, tb.facts(), seg)
    return handle


Handler = Callable[[TransactionBuilder, Segment], None]
HANDLERS: dict[str, Handler] = {
    "HL": _scope("HL"), "CLP": _scope("CLP"), "INS": _scope("INS"), "CLM": _clm,
    "LX": _counter("LX"), "SBR": _counter("SBR"), "NM1": _nm1, "N1": _n1, "REF": _ref,
    "N3": _entity(el.n3), "N4": _entity(el.n4), "PER": _entity(el.per),
    "DMG": _entity(el.dmg, people_only=True),
    "HI": _fact(el.hi), "DTP": _fact(el.care_date), "DTM": _fact(el.care_date),
}
