"""Numbers, amounts, percentages, dates and times of the source that the translation lacks or changes.

Locale-aware both ways: "40,000" = "40.000" = "40 000", "$6 million" = "6 millones de dólares",
"7 p.m." = "las 7 de la noche" = "las 19:00", "March 16" = "16 de marzo".
"""

from __future__ import annotations

from app.core.messages import N_
from app.core.states import Severity
from app.english import quantities as english
from app.spanish import quantities as spanish

from .base import Issue, Pair

NAME = "number"


def check(pair: Pair) -> list[Issue]:
    """An error per source quantity the translation lacks; a warning per number only the translation has."""
    wanted = english.quantities(pair.source)
    found = spanish.numbers(pair.target)
    used: set[int] = set()
    issues, missing = [], []
    months, weekdays = spanish.month_names(pair.target), spanish.weekday_names(pair.target)
    for q in sorted(wanted, key=lambda q: len(q.values)):
        if q.kind == "month":
            if not q.values & {float(m) for m in months}:
                issues.append(Issue(NAME, Severity.ERROR, N_("The date's month (%(source)s) is missing."),
                                    {"source": q.text}))
            continue
        if q.kind == "weekday":
            if not q.values & {float(d) for d in weekdays}:
                issues.append(Issue(NAME, Severity.ERROR, N_("The day (%(source)s) is missing."), {"source": q.text}))
            continue
        match = next((i for i, n in enumerate(found) if i not in used and q.values & n.values), None)
        if match is None:
            missing.append(q)
        else:
            used.add(match)
    extra = [n for i, n in enumerate(found) if i not in used and n.digits]
    for q in missing:  # a source number and a translation number left over in the same place: changed
        changed = min(extra, key=lambda n: abs(n.start / max(len(pair.target), 1) - q.start / max(len(pair.source), 1)),
                      default=None)
        if changed is not None and q.kind != "month":
            extra.remove(changed)
            issues.append(Issue(NAME, Severity.ERROR, N_("%(source)s became %(target)s in the translation."),
                                {"source": q.text, "target": changed.text}))
        else:
            issues.append(Issue(NAME, Severity.ERROR, N_("%(source)s is missing or different in the translation."),
                                {"source": q.text}))
    for n in extra:
        issues.append(Issue(NAME, Severity.WARNING, N_("The translation has a number the original lacks: "
                                                       "%(target)s."), {"target": n.text}))
    return issues

