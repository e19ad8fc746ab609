"""Aggregated state notices: regulators, consumer reporting agencies, extra filings, substitute notice."""

from __future__ import annotations

from collections import defaultdict

from phiscope.obligations.applies import Context
from phiscope.obligations.dates import Anchors
from phiscope.obligations.evaluate import GroupResult
from phiscope.obligations.notices import Counts, Notice, _dated
from phiscope.obligations.schema import Jurisdiction, deadline, threshold

CRAS = "Equifax, Experian and TransUnion"


def _deemed(results: list[GroupResult], code: str) -> frozenset[str]:
    return next(
        (r.state.deemed for r in results if r.state and r.state.law == code and r.state.applies), frozenset()
    )


def _anchors(ctx: Context, c: Counts, code: str, hhs: Notice | None) -> Anchors:
    return Anchors(
        ctx.incident.discovered,
        ctx.incident.planned_notice or c.first_due.get(code),
        hhs.due if hhs else None,
    )


def regulator_notice(
    ctx: Context, j: Jurisdiction, n: int, deemed: frozenset[str], at: Anchors
) -> list[Notice]:
    """The AG/regulator notice of one state, when its threshold is met."""
    req = j.rule("regulator_required")
    if not req.value or "regulator_notice" in deemed:
        return []
    thr = j.rule("regulator_threshold")
    if thr.known and not threshold(thr.value).met(n):
        return []
    detail = (
        f"{n:,} residents {threshold(thr.value)}" if thr.known else f"{n:,} residents (threshold unknown)"
    )
    form = j.rule("regulator_form")
    if form.known:
        detail += f"; form: {form.value}"
    return [
        _dated(
            ctx,
            "regulator notice",
            j.code,
            j.rule("regulator_recipients").value,
            n,
            j.rule("regulator_deadline"),
            at,
            detail=detail,
        )
    ]


def cra_notice(j: Jurisdiction, n: int, total: int, deemed: frozenset[str]) -> list[Notice]:
    """Notice to the consumer reporting agencies, when the count crosses the threshold."""
    req, thr, basis = j.rule("cra_required"), j.rule("cra_threshold"), j.rule("cra_count_basis")
    if "cra_notice" in deemed or (req.known and not req.value):
        return []
    if not req.known or not thr.known:
        return [
            Notice(
                "CRA notice (check)",
                j.code,
                CRAS,
                n,
                None,
                "unknown: check the statute",
                req,
                "whether and when CRAs must be told is not recorded",
            )
        ]
    count = n if basis.known and basis.value == "residents" else max(n, total)
    t = threshold(thr.value)
    if not t.met(count):
        return []
    return [
        Notice(
            "CRA notice",
            j.code,
            CRAS,
            count,
            None,
            "without unreasonable delay (no fixed day count)",
            thr,
            f"{count:,} {'residents' if basis.known else 'persons (count basis unknown)'} {t}",
        )
    ]


def extra_notices(
    ctx: Context, j: Jurisdiction, residents: int, hhs: Notice | None, at: Anchors
) -> list[Notice]:
    """Additional filings (NY/IL copy of the HHS report, California CDPH) whose condition holds."""
    out = []
    for rule in j.extra_notices:
        v = rule.value
        cond = v["condition"]
        if (cond == "hhs_notified" and hhs is None) or (
            cond == "licensed_health_facility" and not ctx.incident.licensed_health_facility
        ):
            continue
        out.append(
            _dated(ctx, v["id"], j.code, v["recipient"], residents, rule, at, d=deadline(v["deadline"]))
        )
    return out


def substitute_notices(ctx: Context, results: list[GroupResult]) -> list[Notice]:
    """Substitute notice for people without a usable address, per law and its thresholds."""
    hipaa_bad = sum(
        r.group.count
        for r in results
        if r.hipaa.applies and not r.group.has_usable_address and not r.group.is_deceased
    )
    out = []
    if hipaa_bad:
        rule = ctx.book.hipaa.rule("substitute_notice")
        v = rule.value
        how = (
            "alternative written notice, telephone or other means"
            if hipaa_bad < v["small_below"]
            else f"{v['posting_days']}-day home-page posting or major print/broadcast media, "
            f"plus a toll-free number active {v['tollfree_days']} days"
        )
        out.append(
            Notice(
                "substitute notice",
                "HIPAA",
                how,
                hipaa_bad,
                None,
                "with the individual notice",
                rule,
                f"{hipaa_bad:,} without a usable address",
            )
        )
    bad: dict[str, int] = defaultdict(int)
    for r in results:
        if r.state and r.state.applies and not r.group.has_usable_address:
            bad[r.state.law] += r.group.count
    for code, n in sorted(bad.items()):
        rule = ctx.book.states[code].rule("substitute_notice")
        if rule.known and rule.value.get("insufficient_contact"):
            out.append(
                Notice(
                    "substitute notice",
                    code,
                    "the substitute-notice methods of the statute",
                    n,
                    None,
                    "with the individual notice",
                    rule,
                    f"{n:,} residents without usable contact",
                )
            )
        elif not rule.known:
            out.append(
                Notice(
                    "substitute notice (check)",
                    code,
                    "unknown",
                    n,
                    None,
                    "unknown",
                    rule,
                    "substitute-notice rule not recorded",
                )
            )
    return out


def state_notices(ctx: Context, results: list[GroupResult], c: Counts, hhs: Notice | None) -> list[Notice]:
    """Every state-level notice, state by state."""
    out: list[Notice] = []
    for code in sorted(k for k in c.residents if k in ctx.book.states):
        j, n = ctx.book.states[code], c.state_law.get(code, 0)
        at = _anchors(ctx, c, code, hhs)
        if n:
            deemed = _deemed(results, code)
            out += regulator_notice(ctx, j, n, deemed, at) + cra_notice(
                j, n, sum(c.state_law.values()), deemed
            )
            out += _permitted_substitute(j, n)
        if hhs is not None or n:
            out += extra_notices(ctx, j, c.residents[code], hhs, at)
    return out


def _permitted_substitute(j: Jurisdiction, n: int) -> list[Notice]:
    rule = j.rule("substitute_notice")
    over = rule.value.get("affected_over") if rule.known else None
    if over is None or n <= over:
        return []
    return [
        Notice(
            "substitute notice permitted",
            j.code,
            "all residents (instead of letters)",
            n,
            None,
            "option",
            rule,
            f"{n:,} residents > {over:,}",
        )
    ]


def offers(results: list[GroupResult]) -> list[Notice]:
    """Identity-protection / credit-monitoring offers, per state and duration."""
    acc: dict[tuple[str, int], int] = defaultdict(int)
    rules = {}
    for r in results:
        for o in r.offers:
            acc[(o.law, o.months)] += r.group.count
            rules[(o.law, o.months)] = o.rule
    return [
        Notice(
            "identity-protection offer",
            law,
            "affected residents",
            n,
            None,
            "offered in the individual notice",
            rules[(law, m)],
            f"{m} months at no cost",
        )
        for (law, m), n in sorted(acc.items())
    ]
