"""C-CDA R2.1 Continuity of Care Documents (CCD), one XML file per patient.

``letters/ccd/ccd_NNNN.xml``: a ClinicalDocument whose recordTarget/patientRole
holds the MRN (root of the facility, assigning authority "Medical Record
Number"), the SSN (root 2.16.840.1.113883.4.1) where the patient has one,
the home address, ``tel:``/``mailto:`` telecoms, the name and birth time; the
author (NPI and name), the custodian (the facility), the emergency contact as
a participant (a person of their own), and a Problems section: a narrative
table (problem, ICD-10-CM code, onset) and one problem act per diagnosis
with its ICD-10-CM value and onset dates. The document is written one
element per line, so truth values are located by line (the line of the
element the C-CDA reader reports) and the reader's column path, in the form
it reports them (given names before the family name, ``City, ST ZIP``,
telecom without its scheme, ``CCYYMMDD``).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from xml.sax.saxutils import escape, quoteattr

from phiscope.simulate.clinical import DxCatalog
from phiscope.simulate.contact import fmt_phone
from phiscope.simulate.documents import GeneratedFile
from phiscope.simulate.people import Address, Patient, Population
from phiscope.simulate.truth import Insert, Val
from phiscope.simulate.writers.hl7_fields import csz

SSN_ROOT = "2.16.840.1.113883.4.1"
NPI_ROOT = "2.16.840.1.113883.4.6"
ICD10CM = "2.16.840.1.113883.6.90"
FACILITY_ROOT = "2.16.840.1.113883.3.7421"
PT = "recordTarget/patientRole"
_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>',
         '<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:sdtc="urn:hl7-org:sdtc" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
         '  <realmCode code="US"/>',
         '  <typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>',
         '  <templateId root="2.16.840.1.113883.10.20.22.1.1" extension="2015-08-01"/>',
         '  <templateId root="2.16.840.1.113883.10.20.22.1.2" extension="2015-08-01"/>')


class _Xml:
    """Lines of the document and the truth values recorded at them."""

    def __init__(self) -> None:
        self.lines: list[str] = list(_HEAD)
        self.inserts: list[Insert] = []

    def add(self, text: str, column: str = "", *vals: Val) -> None:
        """Append one line; ``vals`` are located at it under ``column``."""
        self.lines.append(text)
        for v in vals:
            self.inserts.append(Insert(v, {"line": len(self.lines), "column": column}))


def _uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def _address(x: _Xml, ind: str, column: str, person: str, addr: Address) -> None:
    street = addr.line1(", ")
    x.add(f'{ind}<addr use="HP">', f"{column}/addr/streetAddressLine", Val("street_address", street, person))
    x.inserts.append(Insert(Val("city_state_zip", csz(addr), person), {"line": len(x.lines),
                                                                      "column": f"{column}/addr"}))
    for line in (addr.street, addr.unit):
        if line:
            x.add(f"{ind}  <streetAddressLine>{escape(line)}</streetAddressLine>")
    x.add(f"{ind}  <city>{escape(addr.city)}</city>")
    if addr.state:
        x.add(f"{ind}  <state>{escape(addr.state)}</state>")
    x.add(f"{ind}  <postalCode>{escape(addr.zip)}</postalCode>")
    x.add(f"{ind}  <country>{escape(addr.country)}</country>")
    x.add(f"{ind}</addr>")


def _name(x: _Xml, ind: str, column: str, person: str, given: list[str], family: str,
          suffix: str = "") -> None:
    parts = "".join(f"<given>{escape(g)}</given>" for g in given if g) + f"<family>{escape(family)}</family>"
    if suffix:
        parts += f"<suffix>{escape(suffix)}</suffix>"
    shown = " ".join([*(g for g in given if g), family])
    x.add(f'{ind}<name use="L">{parts}</name>', f"{column}/name", Val("person_name", shown, person))


def _tel(x: _Xml, ind: str, column: str, person: str, digits: str, use: str) -> None:
    value = f"+1-{fmt_phone(digits, 'dash')}"
    x.add(f'{ind}<telecom use="{use}" value="tel:{value}"/>', f"{column}/telecom",
          Val("phone", value, person))


def _patient(x: _Xml, p: Patient, pop: Population) -> str:
    """recordTarget; returns the facility's OID root."""
    fac = pop.facility(p.facility)
    root = f"{FACILITY_ROOT}.{fac.id[4:]}"
    x.add("  <recordTarget>")
    x.add("    <patientRole>")
    mrn = f'<id root="{root}" extension={quoteattr(p.mrn)} assigningAuthorityName="Medical Record Number"/>'
    x.add(f"      {mrn}", f"{PT}/id", Val("mrn", p.mrn, p.id))
    if p.ssn:
        x.add(f'      <id root="{SSN_ROOT}" extension="{p.ssn}"/>', f"{PT}/id", Val("ssn", p.ssn, p.id))
    _address(x, "      ", PT, p.id, p.address)
    _tel(x, "      ", PT, p.id, p.phone, "HP")
    if p.mobile:
        _tel(x, "      ", PT, p.id, p.mobile, "MC")
    x.add(f'      <telecom use="HP" value={quoteattr("mailto:" + p.email)}/>', f"{PT}/telecom",
          Val("email", p.email, p.id))
    x.add("      <patient>")
    _name(x, "        ", f"{PT}/patient", p.id, [p.first, p.middle], p.last, p.suffix or "")
    x.add(f'        <administrativeGenderCode code="{p.sex}" codeSystem="2.16.840.1.113883.5.1"/>')
    dob = p.dob.strftime("%Y%m%d")
    x.add(f'        <birthTime value="{dob}"/>', f"{PT}/patient/birthTime", Val("dob", dob, p.id))
    x.add("      </patient>")
    x.add("      <providerOrganization>")
    x.add(f'        <id root="{root}"/>')
    x.add(f"        <name>{escape(fac.name)}</name>")
    x.add("      </providerOrganization>")
    x.add("    </patientRole>")
    x.add("  </recordTarget>")
    return root


def _header(x: _Xml, p: Patient, pop: Population, rng: random.Random, when: date) -> None:
    x.add(f'  <id root="{_uuid(rng)}"/>')
    x.add('  <code code="34133-9" codeSystem="2.16.840.1.113883.6.1" '
          'displayName="Summarization of Episode Note"/>')
    x.add("  <title>Continuity of Care Document</title>")
    x.add(f'  <effectiveTime value="{when.strftime("%Y%m%d")}{rng.randint(8, 17):02d}0000-0500"/>')
    x.add('  <confidentialityCode code="N" codeSystem="2.16.840.1.113883.5.25"/>')
    x.add('  <languageCode code="en-US"/>')
    root = _patient(x, p, pop)
    dr = pop.provider(p.pcp)
    x.add("  <author>")
    x.add("    <assignedAuthor>")
    x.add(f'      <id root="{NPI_ROOT}" extension="{dr.npi}"/>', "author/assignedAuthor/id",
          Val("npi", dr.npi, dr.id))
    x.add("      <assignedPerson>")
    _name(x, "        ", "author/assignedAuthor/assignedPerson", dr.id, [dr.first], dr.last, dr.credential)
    x.add("      </assignedPerson>")
    x.add("    </assignedAuthor>")
    x.add("  </author>")
    x.add("  <custodian><assignedCustodian><representedCustodianOrganization>")
    x.add(f'    <id root="{root}"/>')
    x.add(f"    <name>{escape(pop.facility(p.facility).name)}</name>")
    x.add("  </representedCustodianOrganization></assignedCustodian></custodian>")
    given, _, family = p.ec_name.rpartition(" ")
    col = "participant/associatedEntity"
    x.add('  <participant typeCode="IND">')
    x.add('    <associatedEntity classCode="ECON">')
    _tel(x, "      ", col, p.ec_id, p.ec_phone, "HP")
    x.add("      <associatedPerson>")
    _name(x, "        ", f"{col}/associatedPerson", p.ec_id, [given], family)
    x.add("      </associatedPerson>")
    x.add("    </associatedEntity>")
    x.add("  </participant>")


def _problem_entry(x: _Xml, p: Patient, code: str, text: str, onset: str, rng: random.Random) -> None:
    low = "section/entry//low"
    x.add('        <entry typeCode="DRIV">')
    x.add('          <act classCode="ACT" moodCode="EVN">')
    x.add('            <templateId root="2.16.840.1.113883.10.20.22.4.3" extension="2015-08-01"/>')
    x.add(f'            <id root="{_uuid(rng)}"/>')
    x.add('            <code code="CONC" codeSystem="2.16.840.1.113883.5.6"/>')
    x.add('            <statusCode code="active"/>')
    x.add(f'            <effectiveTime><low value="{onset}"/></effectiveTime>', low, Val("date", onset, p.id))
    x.add('            <entryRelationship typeCode="SUBJ">')
    x.add('              <observation classCode="OBS" moodCode="EVN">')
    x.add('                <templateId root="2.16.840.1.113883.10.20.22.4.4" extension="2015-08-01"/>')
    x.add(f'                <id root="{_uuid(rng)}"/>')
    x.add('                <code code="55607006" codeSystem="2.16.840.1.113883.6.96" displayName="Problem"/>')
    x.add('                <statusCode code="completed"/>')
    x.add(f'                <effectiveTime><low value="{onset}"/></effectiveTime>', low,
          Val("date", onset, p.id))
    x.add(f'                <value xsi:type="CD" code="{code}" codeSystem="{ICD10CM}" '
          f'codeSystemName="ICD-10-CM" displayName={quoteattr(text)}/>', "section/entry//code",
          Val("icd10_diagnosis", code, p.id))
    x.add("              </observation>")
    x.add("            </entryRelationship>")
    x.add("          </act>")
    x.add("        </entry>")


def _problems(x: _Xml, p: Patient, dx: DxCatalog, rng: random.Random, when: date) -> None:
    onsets = [(when - timedelta(days=rng.randint(30, 1000))).strftime("%Y%m%d") for _ in p.dx]
    x.add("  <component>")
    x.add("    <structuredBody>")
    x.add("      <component>")
    x.add("        <section>")
    x.add('          <templateId root="2.16.840.1.113883.10.20.22.2.5.1" extension="2015-08-01"/>')
    x.add('          <code code="11450-4" codeSystem="2.16.840.1.113883.6.1" displayName="Problem list"/>')
    x.add("          <title>Problems</title>")
    x.add("          <text>")
    x.add("            <table border=\"1\"><thead><tr><th>Problem</th><th>ICD-10-CM</th><th>Status</th>"
          "</tr></thead>")
    x.add("              <tbody>")
    for code in p.dx:
        x.add(f"                <tr><td>{escape(dx.description(code))}</td><td>{code}</td>"
              "<td>Active</td></tr>")
    x.add("              </tbody></table>")
    x.add("          </text>")
    for code, onset in zip(p.dx, onsets, strict=True):
        _problem_entry(x, p, code, dx.description(code), onset, rng)
    x.add("        </section>")
    x.add("      </component>")
    x.add("    </structuredBody>")
    x.add("  </component>")


def ccd_document(p: Patient, pop: Population, dx: DxCatalog, rng: random.Random, path: str) -> GeneratedFile:
    """One CCD of ``p`` written at ``path``."""
    when = date(2024, 3, rng.randint(1, 29))
    x = _Xml()
    _header(x, p, pop, rng, when)
    _problems(x, p, dx, rng, when)
    x.add("</ClinicalDocument>")
    return GeneratedFile(path, ("\n".join(x.lines) + "\n").encode("utf-8"), x.inserts)
