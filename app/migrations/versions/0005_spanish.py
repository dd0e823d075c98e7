"""The original headline beside its readable case (existing ALL-CAPS headlines converted);
engine-unknown words per translation; derived gender and number for glossary entries the curator
left without them.

Revision ID: 0005
Revises: 0008
"""

import hashlib
import logging
import re
import shutil
import subprocess
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0008"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)


def upgrade() -> None:
    with op.batch_alter_table("article") as batch:
        batch.add_column(sa.Column("original_title", sa.Text(), nullable=True))
    with op.batch_alter_table("translation") as batch:
        batch.add_column(sa.Column("unknown", sa.JSON(), nullable=False, server_default="[]"))
    _derive_gender_and_number()
    _readable_headlines()


# --- frozen copies of what this migration needs: it never imports live app code -----------------
# (app.intake.headline.readable and app.spanish.gender as they were at revision 0005)

ACRONYMS = frozenset(
    """AP AFP EFE UN U.N. US U.S. USA U.S.A. UK U.K. EU FBI CIA DEA DHS ICE CBP TPS DACA NATO OAS ACLU GOP
    NGO MS-13 ICC UNHCR""".split()
)
KNOWN_WORDS = {
    w.lower(): w
    for w in """I Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December American Americans Venezuelan Venezuelans
    Salvadoran Salvadorans Mexican Mexicans Cuban Cubans Haitian Haitians Guatemalan Guatemalans Honduran
    Hondurans Colombian Colombians Nicaraguan Nicaraguans Latin Latino Latinos Hispanic Spanish English
    Democrat Democrats Democratic Republican Republicans Congress Senate Pentagon""".split()
}
KNOWN_PHRASES = ("Associated Press", "White House", "Supreme Court", "Central America", "Latin America")
_WORD = re.compile(r"[\w.'’-]+")
ANALYSER = Path("/usr/share/apertium/apertium-eng-spa/spa-eng.automorf.bin")


def _readable(title: str, names: list[str]) -> str:
    """Sentence case for an ALL-CAPS headline, keeping acronyms, known words and capitalised glossary names."""
    letters = [c for c in title if c.isalpha()]
    if not (len(letters) > 12 and all(c.isupper() for c in letters)):
        return title
    chars = list("".join(c.lower() if len(c.lower()) == 1 else c for c in title))
    for m in _WORD.finditer(title):
        word = m.group(0).strip(".'’-") if m.group(0) not in ACRONYMS else m.group(0)
        start = m.start() + m.group(0).find(word)
        if word in ACRONYMS or word.rstrip("'’s") in ACRONYMS:
            chars[start : start + len(word)] = title[start : start + len(word)]
        elif word.lower() in KNOWN_WORDS:
            chars[start : start + len(word)] = KNOWN_WORDS[word.lower()]
    out = "".join(chars)
    for phrase in (*KNOWN_PHRASES, *sorted(names, key=len, reverse=True)):
        out = re.sub(rf"(?<!\w){re.escape(phrase.lower())}(?!\w)", lambda _m, p=phrase: p, out)
    for i, ch in enumerate(out):
        if ch.isalpha():
            return out[:i] + ch.upper() + out[i + 1 :]
    return out


def _head_gender_number(targets: list[str]) -> list[tuple[str | None, str | None]]:
    """(gender, number) of each rendering's head noun (the first word after determiners), one lt-proc call."""
    payload = "".join(re.sub(r"([\[\]^$/\\<>@*{}])", r"\\\1", t) + f"[§m{i}§]\n" for i, t in enumerate(targets))
    out = subprocess.run(["lt-proc", str(ANALYSER)], input=payload, capture_output=True, text=True, timeout=60,
                         check=True).stdout
    chunks = re.split(r"\[§m\d+§\]", out)[: len(targets)]
    result = []
    for chunk in chunks:
        words = []
        for unit in re.findall(r"\^((?:\\.|[^$\\])*)\$", chunk):
            readings = [f.split("+")[-1] for f in re.split(r"(?<!\\)/", unit)[1:] if not f.startswith("*")]
            tags = [re.findall(r"<([^<>]+)>", r) for r in readings]
            if not any(t and t[0] in ("det", "predet") for t in tags):
                words.append(tags)
        nouns = [t for t in (words[0] if words else []) if t and t[0] == "n"]
        genders = {next((x for x in t if x in ("m", "f", "mf", "nt")), None) for t in nouns}
        numbers = {next((x for x in t if x in ("sg", "pl", "sp")), None) for t in nouns}
        gender = genders.pop() if len(genders) == 1 else None
        number = numbers.pop() if len(numbers) == 1 else None
        result.append((gender if gender in ("m", "f") else None, number if number in ("sg", "pl") else None))
    return result


def _readable_headlines() -> None:
    """One-off: ALL-CAPS headlines of existing articles shown in sentence case, the original kept."""
    conn = op.get_bind()
    articles = sa.table("article", sa.column("id"), sa.column("title"), sa.column("original_title"))
    segments = sa.table(
        "segment", sa.column("id"), sa.column("article_id"), sa.column("kind"), sa.column("source"),
        sa.column("source_hash"),
    )
    entries = sa.table("glossary_entry", sa.column("source"), sa.column("source_plural"), sa.column("deleted"))
    names = [
        form for row in conn.execute(sa.select(entries).where(entries.c.deleted == sa.false())).all()
        for form in (row.source, row.source_plural) if form and form != form.lower()
    ]
    for article_id, title in conn.execute(sa.select(articles.c.id, articles.c.title)).all():
        shown = _readable(title, names)
        if shown == title:
            continue
        conn.execute(articles.update().where(articles.c.id == article_id).values(title=shown, original_title=title))
        # same length, so the term offsets stored with its translation still hold
        conn.execute(
            segments.update()
            .where(segments.c.article_id == article_id, segments.c.kind == "title", segments.c.source == title)
            .values(source=shown, source_hash=hashlib.sha1(shown.encode("utf-8")).hexdigest())
        )


def _derive_gender_and_number() -> None:
    """One-off: fill gender/number of translate entries from the Spanish analyser, where installed."""
    if not (shutil.which("lt-proc") and ANALYSER.exists()):
        log.warning("lt-proc not installed: glossary genders left as they are")
        return
    conn = op.get_bind()
    entries = sa.table(
        "glossary_entry", sa.column("id"), sa.column("target"), sa.column("kind"),
        sa.column("gender"), sa.column("number"), sa.column("deleted"),
    )
    rows = conn.execute(
        sa.select(entries.c.id, entries.c.target, entries.c.gender, entries.c.number).where(
            entries.c.kind == "translate", sa.or_(entries.c.gender.is_(None), entries.c.number.is_(None))
        )
    ).all()
    if not rows:
        return
    derived = _head_gender_number([r.target for r in rows])
    for row, (gender, number) in zip(rows, derived, strict=True):
        values = {}
        if row.gender is None and gender:
            values["gender"] = gender
        if row.number is None and number:
            values["number"] = number
        if values:
            conn.execute(entries.update().where(entries.c.id == row.id).values(**values))


def downgrade() -> None:
    with op.batch_alter_table("translation") as batch:
        batch.drop_column("unknown")
    with op.batch_alter_table("article") as batch:
        batch.drop_column("original_title")
