"""Person segments: PID (+mother), PD1, MRG, NK1 (+contact person), GT1 (+spouse), IN1/IN2."""

from __future__ import annotations

from typing import TYPE_CHECKING

from phiscope.readers.hl7v2.datatypes import Spec, apply, cx, dtm, st, text, xad, xpn, xtn
from phiscope.readers.hl7v2.segment import Segment

if TYPE_CHECKING:
    from phiscope.readers.hl7v2.message import MessageBuilder

PID: tuple[Spec, ...] = (
    (2, cx, None, "patient ID (external)"), (3, cx, "mrn", "patient identifier"),
    (4, cx, None, "alternate patient ID"), (5, xpn, "person_name", "patient name"),
    (7, dtm, "dob", "date of birth"), (9, xpn, "person_name", "patient alias"),
    (11, xad, None, "patient address"), (13, xtn, None, "home"), (14, xtn, None, "business"),
    (18, cx, None, "patient account number"), (19, st, "ssn", "SSN"),
    (20, st, "drivers_license", "driver's license"), (23, text, None, "birth place"),
    (29, dtm, "date", "death date"), (40, xtn, None, "telecom"),
)
MOTHER: tuple[Spec, ...] = (
    (6, xpn, "person_name", "mother's maiden name"), (21, cx, None, "mother's identifier"),
)
MRG: tuple[Spec, ...] = (
    (1, cx, "mrn", "prior patient identifier"), (2, cx, None, "prior alternate patient ID"),
    (3, cx, None, "prior patient account number"), (4, cx, "mrn", "prior patient ID"),
    (7, xpn, "person_name", "prior patient name"),
)
NK1: tuple[Spec, ...] = (
    (2, xpn, "person_name", "next of kin name"), (4, xad, None, "next of kin address"),
    (5, xtn, None, "next of kin"), (6, xtn, None, "next of kin business"),
    (12, cx, None, "next of kin employee number"), (16, dtm, "dob", "next of kin date of birth"),
    (33, cx, None, "next of kin identifier"), (37, st, "ssn", "contact person SSN"),
    (40, xtn, None, "next of kin telecom"),
)
NK1_CONTACT: tuple[Spec, ...] = (
    (30, xpn, "person_name", "contact person name"), (31, xtn, None, "contact person"),
    (32, xad, None, "contact person address"), (41, xtn, None, "contact person telecom"),
)
GT1: tuple[Spec, ...] = (
    (2, cx, None, "guarantor number"), (3, xpn, "person_name", "guarantor name"),
    (5, xad, None, "guarantor address"), (6, xtn, None, "guarantor home"),
    (7, xtn, None, "guarantor business"),
    (8, dtm, "dob", "guarantor date of birth"), (12, st, "ssn", "guarantor SSN"),
    (19, cx, None, "guarantor employee ID"),
)
GT1_SPOUSE: tuple[Spec, ...] = ((4, xpn, "person_name", "guarantor spouse name"),)
IN1: tuple[Spec, ...] = (
    (16, xpn, "person_name", "name of insured"), (18, dtm, "dob", "insured's date of birth"),
    (19, xad, None, "insured's address"), (36, st, "health_plan_member_id", "policy number"),
    (49, cx, "health_plan_member_id", "insured's ID number"),
)
IN2: tuple[Spec, ...] = (
    (1, cx, None, "insured's employee ID"), (2, st, "ssn", "insured's SSN"),
    (6, st, "medicare", "Medicare health insurance card number"),
    (7, xpn, "person_name", "Medicaid case name"),
    (8, st, "medicaid_id", "Medicaid case number"), (10, st, None, "military ID number"),
    (26, st, "health_plan_member_id", "payor subscriber ID"),
    (61, cx, "health_plan_member_id", "patient member number"), (63, xtn, None, "insured's home"),
)


def _any(seg: Segment, numbers: tuple[int, ...]) -> bool:
    return any(seg.field(n) for n in numbers)


def pid(b: MessageBuilder, seg: Segment) -> None:
    """PID: the patient; PID-6/PID-21 make a related_person record for the mother."""
    apply(PID, b.em, b.start_patient(), seg)
    if _any(seg, (6, 21)):
        apply(MOTHER, b.em, b.new("PID/mother", "related_person"), seg)


def mrg(b: MessageBuilder, seg: Segment) -> None:
    """MRG: prior identifiers and name of the same patient."""
    apply(MRG, b.em, b.patient(), seg)


def nk1(b: MessageBuilder, seg: Segment) -> None:
    """NK1: a next of kin; NK1-30… an organisation's contact person."""
    apply(NK1, b.em, b.new("NK1", "next_of_kin"), seg)
    if _any(seg, (30, 31, 32, 41)):
        apply(NK1_CONTACT, b.em, b.new("NK1/contact", "related_person"), seg)


def gt1(b: MessageBuilder, seg: Segment) -> None:
    """GT1: the guarantor (and the guarantor's spouse)."""
    apply(GT1, b.em, b.new("GT1", "guarantor"), seg)
    if seg.field(4):
        apply(GT1_SPOUSE, b.em, b.new("GT1/spouse", "related_person"), seg)


def in1(b: MessageBuilder, seg: Segment) -> None:
    """IN1: the insured person of one insurance; IN2 adds to it."""
    b.insured = b.new("IN1", "insured")
    apply(IN1, b.em, b.insured, seg)


def in2(b: MessageBuilder, seg: Segment) -> None:
    """IN2: more about the insured of the preceding IN1."""
    if b.insured is None:
        b.insured = b.new("IN1", "insured")
    apply(IN2, b.em, b.insured, seg)
