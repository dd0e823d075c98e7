"""Bring a translation made in OmegaT back into its article: human translations with provenance "OmegaT".

Two inputs work: the translated target file (target/<slug>.txt of a project exported by the
`omegat` format: line N translates line N of the source file) or OmegaT's `omegat/project_save.tmx`
(matched by normalised English). A sentence whose current translation is a human post-edit made in
Paralelo and that OmegaT changed is a conflict: it is listed, never overwritten, whatever the dates
(a unit's date is the file's claim, and a clock or a hand can set it anywhere, 2099 included); the
editor settles it. A sentence where OmegaT kept our machine text becomes human too (the translator
let it stand): the report lists it as confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.core.messages import N_, UserError
from app.core.models import Article, Segment
from app.translation import memory, postedit

from . import tmx_memory
from .exports import build_doc
from .omegat import source_text

ENGINE = "omegat"
# Human translations OmegaT may replace: its own earlier imports and translation-memory fills.
REPLACEABLE = (ENGINE, memory.TM_ENGINE)


class RoundTripError(UserError):
    """The file cannot be matched to the article; the message says why."""


@dataclass
class RoundTripReport:
    """What an OmegaT import did to each sentence."""

    updated: list[str] = field(default_factory=list)  # OmegaT's text differs: it is now the human one
    confirmed: list[str] = field(default_factory=list)  # OmegaT kept the machine text: now human
    unchanged: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    unmatched: int = 0  # TMX units whose English is not in the article

    def summary(self) -> str:
        return (f"{len(self.updated)} updated, {len(self.confirmed)} confirmed, {len(self.unchanged)} unchanged, "
                f"{len(self.untranslated)} untranslated, {len(self.conflicts)} conflicts, "
                f"{self.unmatched} not in the article")

    def as_dict(self) -> dict:
        return {"updated": self.updated, "confirmed": self.confirmed, "unchanged": self.unchanged,
                "untranslated": self.untranslated, "conflicts": self.conflicts, "unmatched": self.unmatched}


def is_tmx(data: bytes) -> bool:
    """Whether the upload looks like XML (a TMX) rather than the plain target text."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def pairs_from_target(article: Article, text: str) -> list[tuple[Segment, str]]:
    """(segment, OmegaT's text) from a target file, paired line by line with the exported source file."""
    source_lines = source_text(build_doc(article)).split("\n")
    target_lines = text.replace("\r\n", "\n").split("\n")
    if target_lines and target_lines[-1] == "" and len(target_lines) == len(source_lines) + 1:
        target_lines.pop()
    if len(target_lines) != len(source_lines):
        raise RoundTripError(
            N_("The target file has %(got)s lines but the article's source file has %(want)s: "
               "is it the translation of this article's OmegaT project?"),
            got=len(target_lines), want=len(source_lines),
        )
    segs = iter(article.segments)
    out = []
    for source, target in zip(source_lines, target_lines, strict=True):
        if source.strip():
            out.append((next(segs), target))
    return out


def import_file(session: Session, article: Article, data: bytes, who: str) -> RoundTripReport:
    """Import OmegaT's target file or project_save.tmx into an article (the caller commits)."""
    report = RoundTripReport()
    if is_tmx(data):
        _srclang, units = tmx_memory.read(data)
        by_source: dict[str, list[Segment]] = {}
        for seg in article.segments:
            by_source.setdefault(memory.key(seg.source), []).append(seg)
        for unit in units:
            source = tmx_memory.pick(unit.texts, article.source_lang)
            others = {k: v for k, v in unit.texts.items() if source is None or k != source[0]}
            target = tmx_memory.pick(others, article.target_lang)
            segs = by_source.get(memory.key(source[1])) if source else None
            if not segs or target is None:
                report.unmatched += 1
                continue
            for seg in segs:
                _apply(session, seg, seg.source, target[1], who, report)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise RoundTripError(N_("The file is not UTF-8 text.")) from None
        for seg, target in pairs_from_target(article, text):
            _apply(session, seg, seg.source, target, who, report)
    return report


def _apply(session: Session, seg: Segment, source: str, target: str, who: str, report: RoundTripReport) -> None:
    target = memory.normalise(target)
    current = seg.current
    if not target or target == memory.normalise(source):
        report.untranslated.append(seg.key)  # OmegaT copies the source where nothing was translated
        return
    same = current is not None and memory.normalise(current.text) == target
    if same and current.origin == "human":
        report.unchanged.append(seg.key)
        return
    if not same and current is not None and current.origin == "human" and current.engine not in REPLACEABLE:
        report.conflicts.append({
            "key": seg.key, "segment": seg.id, "current": current.text, "omegat": target,
            "author": current.author, "edited_at": current.created_at.isoformat() + "Z",
        })
        return
    postedit.save(session, seg, target, who=who, engine=ENGINE, tm_origin="omegat")
    (report.confirmed if same else report.updated).append(seg.key)
