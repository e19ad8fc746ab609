"""Notification duties: HIPAA and every US state's breach law as data, evaluated per person.

Decision support, not legal advice. Rules live in ``rules/*.toml`` (one file per jurisdiction,
every value with a citation and a ``verified`` flag); evaluation is pure functions over incident
facts and per-person (or grouped) facts.
"""

from __future__ import annotations

from phiscope.obligations.facts import Group, PersonFacts, group_people
from phiscope.obligations.incident import Incident, load_incident, parse_incident
from phiscope.obligations.loader import RuleBook, load_rulebook

__all__ = [
    "Group",
    "Incident",
    "PersonFacts",
    "RuleBook",
    "group_people",
    "load_incident",
    "load_rulebook",
    "parse_incident",
]
