"""Detectors on small hand-made event streams: they alert on the attack and not on the usual."""

from __future__ import annotations

from phiscope.watch.config import load_config
from phiscope.watch.detectors.base import Mode
from phiscope.watch.detectors.bulk_export import BulkExportDetector
from phiscope.watch.detectors.registry import detector_classes
from phiscope.watch.engine import WatchEngine
from phiscope.watch.events import CONNECT, EXEC, EXPORT, READ, AccessEvent
from phiscope.watch.incidents import IncidentGrouper

DAY = 86400.0
T0 = 1_709_510_400.0  # Monday 00:00 UTC


def _engine(**overrides: object) -> WatchEngine:
    return WatchEngine(load_config(overrides=overrides))  # type: ignore[arg-type]


def _read(actor: str, ts: float, rows: int = 0, patients: tuple[str, ...] = (), **kw: object) -> AccessEvent:
    return AccessEvent(ts=ts, actor=actor, action=READ, rows=rows or len(patients), patients=patients,
                       **kw)  # type: ignore[arg-type]


def _history(engine: WatchEngine, actor: str, days: int = 10, rows: int = 300,
             host: str = "10.0.0.1") -> None:
    for d in range(days):
        for q in range(6):
            engine.observe(_read(actor, T0 + d * DAY + 9 * 3600 + q * 1800, rows=rows + q * 17, host=host,
                                 role="analyst"), Mode.LEARN)


def test_registry_has_stable_ids() -> None:
    assert set(detector_classes()) == {"volume", "bulk-export", "off-hours", "vip-access", "new-host",
                                       "egress", "same-surname", "same-address", "deceased-access", "sigma"}


def test_volume_alerts_on_a_chunked_export_and_explains_it() -> None:
    eng = _engine()
    _history(eng, "ana1")
    start = T0 + 11 * DAY + 10 * 3600
    alerts = [a for i in range(40)
              for a in eng.observe(_read("ana1", start + i * 20, rows=5000, host="10.0.0.1"))]
    first = alerts[0]
    assert first.detector == "volume:rows:5m" and first.ts - start < 300
    assert " rows in 5 minutes" in first.explanation and "usual" in first.explanation
    assert first.evidence["value"] > first.evidence["threshold"] >= 20000


def test_volume_is_quiet_on_usual_reads_and_does_not_learn_alerted_windows() -> None:
    eng = _engine()
    _history(eng, "ana1")
    day11 = T0 + 11 * DAY + 9 * 3600
    quiet = [a for q in range(6) for a in eng.observe(_read("ana1", day11 + q * 1800, rows=320))]
    assert quiet == []
    vol = next(d for d in eng.detectors if d.id == "volume")
    before = len(vol.own[0]["ana1"])  # type: ignore[attr-defined]
    for i in range(3):
        eng.observe(_read("ana1", T0 + 12 * DAY + 10 * 3600 + i, rows=50_000))
    eng.observe(_read("ana1", T0 + 12 * DAY + 11 * 3600, rows=10))  # closes the alerted window
    learned = list(vol.own[0]["ana1"].values)  # type: ignore[attr-defined]
    assert len(learned) == before + 1 and max(learned) < 1000  # the last quiet window only


def test_distinct_patients_per_day() -> None:
    eng = _engine()
    for d in range(8):
        for p in range(20):
            eng.observe(_read("nur1", T0 + d * DAY + 8 * 3600 + p * 600, patients=(f"P{p}",), role="nurse"),
                        Mode.LEARN)
    day9 = T0 + 9 * DAY + 8 * 3600
    alerts = [a for p in range(120) for a in
              eng.observe(_read("nur1", day9 + p * 200, patients=(f"Q{p}",), role="nurse"))]
    assert [a.detector for a in alerts] == ["volume:patients:1d"]


def test_bulk_export_kinds() -> None:
    det = BulkExportDetector(load_config())

    def kind(**kw: object) -> str:
        return det.classify(AccessEvent(ts=0.0, actor="x", **kw))  # type: ignore[arg-type]

    assert kind(action=EXPORT, command="COPY public.patients TO '/tmp/x.csv'") == "copy-to"
    assert kind(action=READ, command="select * from public.patients") == "select-all"
    assert kind(action=READ, command="SELECT * FROM patients WHERE id = 4") == ""
    assert kind(action=READ, command="SELECT * FROM public.providers") == ""  # not a patient table
    assert kind(action=READ, command="SELECT * FROM patients INTO OUTFILE '/tmp/p'") == "outfile"
    assert kind(action=EXEC, tool="rclone") == "uploader"
    assert kind(action=EXEC, tool="tar") == "archive-tool"
    assert kind(action=READ, tool="pg_dump", command="COPY public.x TO stdout;") == "dump-tool"
    assert kind(action=EXEC, tool="ls") == ""


def test_bulk_export_learns_the_nightly_backup() -> None:
    eng = _engine()
    dump = dict(action=EXPORT, tool="pg_dump", object="public.patients",
                command="COPY public.patients TO stdout;")
    eng.observe(AccessEvent(ts=T0, actor="svc_backup", **dump), Mode.LEARN)  # type: ignore[arg-type]
    assert eng.observe(AccessEvent(ts=T0 + DAY, actor="svc_backup", **dump)) == []  # type: ignore[arg-type]
    alerts = eng.observe(AccessEvent(ts=T0 + DAY, actor="dba1", **dump))  # type: ignore[arg-type]
    assert [a.detector for a in alerts] == ["bulk-export:dump-tool"] and "never did" in alerts[0].explanation


def test_off_hours_needs_history_and_several_events() -> None:
    eng = _engine()
    _history(eng, "ana1", days=6)
    night = T0 + 8 * DAY + 3 * 3600
    got = [a for i in range(3) for a in eng.observe(_read("ana1", night + i * 60, rows=5))]
    assert [a.detector for a in got] == ["off-hours"] and "03:00" in got[0].explanation
    assert eng.observe(_read("new1", night, rows=5)) == []  # no history, no judgement


def test_vip_access_by_someone_outside_the_care_team() -> None:
    eng = _engine(detectors={"vip-access": {"vip_patients": ["VIP1"]}})
    eng.observe(_read("nur1", T0, patients=("VIP1",)), Mode.LEARN)
    assert eng.observe(_read("nur1", T0 + DAY, patients=("VIP1",))) == []
    got = eng.observe(_read("cle9", T0 + DAY, patients=("VIP1", "P2"), role="clerk"))
    assert [a.family for a in got] == ["privacy"] and "VIP1" not in got[0].explanation
    assert eng.observe(_read("cle9", T0 + DAY + 60, patients=("VIP1",))) == []  # once per actor and patient


def test_new_host_for_a_service_account() -> None:
    eng = _engine()
    for d in range(4):
        eng.observe(_read("svc_etl", T0 + d * DAY, rows=10, host="10.9.0.21"), Mode.LEARN)
    assert eng.observe(_read("svc_etl", T0 + 5 * DAY, rows=10, host="10.9.0.21")) == []
    got = eng.observe(_read("svc_etl", T0 + 5 * DAY + 5, rows=10, host="10.66.6.6"))
    assert "new-host" in [a.detector for a in got]


def test_egress_to_a_new_external_destination() -> None:
    eng = _engine()

    def flow(dest: str, ts: float, n: int) -> AccessEvent:
        return AccessEvent(ts=ts, actor="10.20.1.15", host="10.20.1.15", action=CONNECT, dest=dest, bytes=n)

    eng.observe(flow("8.8.8.8", T0, 10**9), Mode.LEARN)
    assert eng.observe(flow("8.8.8.8", T0 + DAY, 10**9)) == []  # known destination
    assert eng.observe(flow("10.9.0.5", T0 + DAY, 10**9)) == []  # internal
    got = eng.observe(flow("45.33.32.156", T0 + DAY, 6 * 10**7)) + eng.observe(flow("1.1.1.1", T0 + DAY, 10))
    got += eng.observe(flow("45.33.32.156", T0 + DAY + 60, 6 * 10**7))
    assert [a.detector for a in got] == ["egress"]


def test_incidents_group_alerts_of_one_actor() -> None:
    from phiscope.watch.alerts import Alert

    g = IncidentGrouper(gap_s=3600)
    for ts, actor in ((0, "a"), (600, "a"), (900, "b"), (5000, "a")):
        g.add(Alert("x", "exfiltration", float(ts), actor, "why"))
    assert [(i.actor, len(i.alerts)) for i in g.incidents] == [("a", 2), ("b", 1), ("a", 1)]
