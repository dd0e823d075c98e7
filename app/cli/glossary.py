"""`paralelo glossary`: list, add, import, export, update the bundled entries and check an article."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from app.core.direction import Direction
from app.core.models import GlossaryEntry
from app.core.terms import accuracy
from app.glossary import edit as glossary_edit
from app.glossary import matcher
from app.glossary import pos as parts_of_speech
from app.glossary.matcher import GlossaryError
from app.interchange import glossary_files
from app.translation import evaluate, jobs
from app.translation.engines import EngineError, pick

from .common import fail, find_article, job_settings, readers, sessions


@click.group("glossary")
def glossary_group() -> None:
    """List, add, import, export and check glossary entries."""


@glossary_group.command("list")
@click.option("--domain", help="Only this domain.")
@with_appcontext
def glossary_list(domain) -> None:
    """Print the glossary as TSV: id, source, target, kind, domain."""
    with sessions()() as session:
        query = select(GlossaryEntry).where(GlossaryEntry.deleted.is_(False)).order_by(GlossaryEntry.source)
        if domain:
            query = query.where(GlossaryEntry.domain == domain)
        for e in session.scalars(query):
            click.echo(f"{e.id}\t{e.source}\t{e.target}\t{e.kind}\t{e.domain}\t{e.pos}")


@glossary_group.command("add")
@click.argument("source")
@click.argument("target")
@click.option("--kind", type=click.Choice(matcher.KINDS), default="translate")
@click.option("--domain", type=click.Choice(matcher.DOMAINS), default="general")
@click.option("--gender", type=click.Choice(["m", "f"]))
@click.option("--number", type=click.Choice(["sg", "pl"]))
@click.option("--pos", type=click.Choice(parts_of_speech.POS),
              help="Part of speech the English must have in its sentence (default: name for kept terms, "
                   "noun for Spanish nouns, else any).")
@click.option("--note", default="")
@with_appcontext
def glossary_add(source, target, kind, domain, gender, number, pos, note) -> None:
    """Add an entry; affected sentences are re-translated."""
    with sessions()() as session:
        try:
            change = glossary_edit.add(
                session, {"source": source, "target": target, "kind": kind, "domain": domain,
                          "gender": gender, "number": number, "pos": pos, "note": note}, who="cli",
            )
        except GlossaryError as exc:
            fail(str(exc))
        _retranslate(session, change.affected)
        click.echo(f"Added entry {change.entry.id}: {source} -> {target}")


def _retranslate(session, affected) -> None:
    """Commit the changes with their re-translation queued, then run those jobs here."""
    _jobs, segments = jobs.after_glossary_change(session, affected)
    session.commit()
    _run_glossary_jobs(segments)


def _run_glossary_jobs(segments: int) -> None:
    if segments:
        jobs.run_queued(sessions(), current_app.extensions["paralelo.engines"], job_settings(), readers=readers())
        click.echo(f"Re-translated {segments} affected sentences.")


@glossary_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(list(glossary_files.FORMATS)), help="Default: from the extension.")
@with_appcontext
def glossary_import(file, fmt) -> None:
    """Import entries from a TSV, CSV or TBX file."""
    fmt = fmt or Path(file).suffix.lstrip(".").lower()
    try:
        rows = glossary_files.read(Path(file).read_bytes(), fmt)
    except GlossaryError as exc:
        fail(str(exc))
    with click.progressbar(length=max(1, len(rows)), label="Importing", file=sys.stderr) as bar:
        result, segments = glossary_files.import_in_chunks(
            sessions(), rows, "cli", progress=lambda done, _total: bar.update(done - bar.pos)
        )
    for error in result.errors:
        click.echo(f"skipped {error}", err=True)
    for entry in result.entries:
        if entry["status"] == "updated":
            click.echo(f"updated {entry['source']}: {', '.join(entry['fields'])}", err=True)
    _run_glossary_jobs(segments)
    click.echo(result.summary())


@glossary_group.command("update-bundled")
@with_appcontext
def glossary_update_bundled() -> None:
    """Load new and changed bundled entries; entries you edited are left alone."""
    with sessions()() as session:
        result = glossary_files.load_bundled(session)
        _retranslate(session, result.affected)  # commits
        click.echo(result.summary())


@glossary_group.command("export")
@click.option("--format", "fmt", type=click.Choice(list(glossary_files.FORMATS)), default="tsv")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Default: stdout.")
@with_appcontext
def glossary_export(fmt, output) -> None:
    """Export the glossary as TSV, CSV or TBX."""
    with sessions()() as session:
        live = select(GlossaryEntry).where(GlossaryEntry.deleted.is_(False)).order_by(GlossaryEntry.source)
        data = glossary_files.write(session.scalars(live), fmt)
    if output:
        Path(output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)


@glossary_group.command("check")
@click.argument("article")
@click.option("--baseline", is_flag=True, help="Also translate without the glossary and compare.")
@click.option("--grammar", is_flag=True, help="Also check agreement in the translation (whole sentences, "
              "independently of the repair) and say which problems the glossary introduced.")
@with_appcontext
def glossary_check(article, baseline, grammar) -> None:
    """Term exact-match accuracy of ARTICLE's current translation (WMT21 terminology measure)."""
    with sessions()() as session:
        art = find_article(session, article)
        if art.status != "ready":
            fail(f"Article {art.slug} is {art.status}; check it once it is translated.")
        reports = [s.current.terms for s in art.segments if s.current and s.current.origin != "human"]
        hits, total = accuracy(reports)
        for seg in art.segments:
            for item in (seg.current.terms if seg.current else []):
                if item["status"] == "missing":
                    click.echo(f"missing  {seg.key}: {item['source']} -> {item['target']}")
        click.echo(f"Term accuracy: {_share(hits, total)} ({art.slug})")
        if baseline:
            try:
                engine = pick(current_app.extensions["paralelo.engines"], art.engine, Direction.of(art).pair)
                base_hits, base_total = evaluate.baseline_accuracy(session, art, engine)
            except EngineError as exc:
                fail(str(exc))
            click.echo(f"Without the glossary ({engine.name}): {_share(base_hits, base_total)}")
        if grammar:
            _grammar(session, art)


def _grammar(session, art) -> None:
    """Print the agreement problems in the translation, marking those the glossary introduced."""
    from app.spanish.grammar import TaggerError
    from app.translation.grammar_check import check_article

    try:
        engine = pick(current_app.extensions["paralelo.engines"], art.engine, Direction.of(art).pair)
        found = check_article(session, art, engine)
    except (EngineError, TaggerError) as exc:
        fail(str(exc))
    introduced = {(key, p["start"]) for key, p in found.introduced}
    for key, p in found.problems:
        mark = "  (introduced by the glossary)" if (key, p["start"]) in introduced else ""
        click.echo(f"agreement  {key}: '{p['word']}' with '{p['governor']}' (wants {p['wanted']}, {p['kind']}){mark}")
    click.echo(
        f"Agreement problems: {found.with_glossary} in the translation, {len(found.introduced)} introduced by "
        f"the glossary ({found.without_glossary} in the engine's output without it; "
        f"{found.checked} machine-translated sentences)"
    )


def _share(hits: int, total: int) -> str:
    return f"{hits}/{total} = {100.0 * hits / total if total else 100.0:.1f}%"
