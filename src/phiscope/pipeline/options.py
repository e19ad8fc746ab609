"""What ``phiscope run`` is asked to do, what each stage did, and how it reports progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True)
class RunOptions:
    """Inputs and settings of a whole run (every path explicit; no global configuration)."""

    paths: tuple[str, ...]
    case_dir: Path
    incident: Path
    key_file: str | None = None
    env: dict[str, str] | None = None
    workers: int = 0  # 0 = all cores
    auto_merge: float | None = None
    review: float | None = None
    notice_date: str | None = None
    notices: bool = True
    notices_out: Path | None = None  # default: CASE/notices
    codes: Path | None = None
    templates: Path | None = None
    batch_size: int = 1000
    language: str = "en"
    truth: Path | None = None  # a simulated corpus's truth folder: adds the evaluate stage
    report: bool = True
    report_out: Path | None = None  # default: CASE/report
    pdf: bool = True
    qc_seed: int = 1
    force: tuple[str, ...] = ()  # stages to redo even when unchanged

    @property
    def notices_dir(self) -> Path:
        """Where the letters go (they hold personal data: inside the case by default)."""
        return self.notices_out or self.case_dir / "notices"

    @property
    def report_dir(self) -> Path:
        """Where report.html and report.pdf go."""
        return self.report_out or self.case_dir / "report"


@dataclass
class StageOutcome:
    """What one stage did in this run: ``ran``, ``skipped`` (unchanged) or ``off`` (not asked for)."""

    stage: str
    status: str
    seconds: float = 0.0
    result: dict[str, Any] = field(default_factory=dict)
    reason: str = ""


@dataclass
class RunResult:
    """Every stage's outcome and the headline numbers of the case."""

    case_dir: Path
    stages: list[StageOutcome]
    headline: dict[str, Any]
    seconds: float

    @property
    def partial(self) -> bool:
        """True when some input could not be read completely (exit code 3)."""
        scan = next((s for s in self.stages if s.stage == "scan"), None)
        return bool(scan and scan.result.get("errors"))

    @property
    def report_path(self) -> str:
        """The HTML report written (or kept), or "" when the report stage was off."""
        rep = next((s for s in self.stages if s.stage == "report"), None)
        return str(rep.result.get("html", "")) if rep else ""


class RunReporter(Protocol):
    """Progress of a run (stage names and counts only, never a personal value)."""

    def stage_start(self, stage: str, total: int | None) -> None:
        """A stage begins; ``total`` units of work when known."""

    def stage_progress(self, stage: str, done: int, total: int | None) -> None:
        """Work done so far in the running stage."""

    def stage_end(self, outcome: StageOutcome) -> None:
        """A stage ran, was skipped or is off."""


class SilentReporter:
    """A reporter that reports nothing."""

    def stage_start(self, stage: str, total: int | None) -> None:
        """Nothing."""

    def stage_progress(self, stage: str, done: int, total: int | None) -> None:
        """Nothing."""

    def stage_end(self, outcome: StageOutcome) -> None:
        """Nothing."""
