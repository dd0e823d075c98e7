"""The `paralelo` command: Flask's CLI plus import, translate, export, glossary, models, i18n."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import select

from app import create_app
from app.config import ENGINES, TARGET_LOCALES
from app.core.direction import SOURCE_LANGS, Direction
from app.core.messages import UserError
from app.core.models import Article, GlossaryEntry
from app.core.terms import accuracy
from app.glossary import edit as glossary_edit
from app.glossary import matcher
from app.glossary import pos as parts_of_speech
from app.glossary.matcher import GlossaryError
from app.intake import importer
from app.interchange import glossary_files
from app.translation import evaluate, jobs, resegment
from app.translation.engines import EngineError, pick

from . import commands
from .common import fail, find_article, job_settings, readers, run_jobs_with_progress, sessions


def _cli_app():
    # CLI commands run jobs themselves (with a progress bar); only `run` serves and starts workers.
    serving = len(sys.argv) > 1 and sys.argv[1] == "run"
    return create_app({"RUN_JOBS": serving})


@click.group(cls=FlaskGroup, create_app=_cli_app)
def main() -> None:
    """Paralelo: bilingual English/Spanish reader with an enforced legal glossary."""


@main.command("articles")
@with_appcontext
def list_articles() -> None:
    """List stored articles."""
    with sessions()() as session:
        for a in session.scalars(select(Article).order_by(Article.id)):
            click.echo(f"{a.id}\t{a.slug}\t{a.status}\t{a.source_lang}->{a.target_lang}\t{a.title}")


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True), required=False)
@click.option("--url", help="Fetch the article from this web address instead of a FILE.")
@click.option("--title", help="Title (default: the first line of the file).")
@click.option("--source-lang", type=click.Choice(SOURCE_LANGS), default=None,
              help="Language of the article (default: detected).")
@click.option("--target-lang", type=click.Choice((*TARGET_LOCALES, "en")), default=None,
              help="Spanish variant for an English article (en: the article is Spanish).")
@click.option("--engine", type=click.Choice(ENGINES), default=None)
@click.option("--translation", "translation_file", type=click.Path(dir_okay=False), default=None,
              help="An existing translation of the article (text or saved page) to align with it.")
@click.option("--translation-url", default=None, help="...or the address of that translation.")
@click.option("--translation-name", default=None, help="Name of the translation, shown as its source.")
@click.option("--original-translation", is_flag=True, help="The translation is the original edition.")
@click.option("--no-translate", is_flag=True, help="Only store it; the server's workers translate it.")
@with_appcontext
def import_command(file, url, title, source_lang, target_lang, engine, translation_file, translation_url,
                   translation_name, original_translation, no_translate) -> None:
    """Import an article from FILE (text, Markdown, HTML, a saved web page; - for stdin) or --url; translate it
    (and align it with an existing translation, given one)."""
    if bool(file) == bool(url):
        fail("Give a FILE or --url URL (one of them).")
    engine = engine or current_app.config["ENGINE"]
    limits = job_settings().limits
    options = importer.Options(target_lang, engine, source_lang, current_app.config["DEFAULT_TARGET_LANG"])
    engines = current_app.extensions["paralelo.engines"]
    try:
        options.check()
        if not options.detects:
            pick(engines, engine, options.direction().pair)
    except UserError as exc:
        fail(str(exc))
    edition = None
    if translation_file or translation_url:
        source_of_edition = importer.from_file(_read(translation_file)) if translation_file else None
        edition = importer.Edition(
            text=source_of_edition.text if isinstance(source_of_edition, importer.Text) else "",
            html=source_of_edition.html if isinstance(source_of_edition, importer.Page) else None,
            url=translation_url, name=translation_name or (Path(translation_file).name if translation_file else None),
            original=original_translation,
        )
    with sessions()() as session:
        try:
            source = importer.Url(url) if url else importer.from_file(_read(file), title)
            article = importer.import_article(session, source, options, limits, edition)
            if options.detects and article.source_lang != importer.AUTO:
                pick(engines, engine, Direction.of(article).pair)
        except UserError as exc:
            fail(str(exc))
        jobs.enqueue_new(session, article)
        session.commit()
        if url:
            click.echo(f"Queued {url} as article {article.id} ({article.slug})")
            if no_translate:
                return
            run_jobs_with_progress(article, limits.max_bytes, f"Fetching {url}", f"Could not import {url}")
            session.refresh(article)
        count = len(article.segments)
        click.echo(f"Imported article {article.id} ({article.slug}): {count} sentences")
    if not no_translate:
        run_jobs_with_progress(article, count)
        click.echo(f"Translated: /articles/{article.slug}")


def _read(file: str) -> bytes:
    try:
        return sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as exc:
        fail(f"Cannot read {file}: {exc.strerror}")


@main.command("translate")
@click.argument("article")
@click.option("--engine", type=click.Choice(ENGINES), default=None, help="Engine for this run.")
@with_appcontext
def translate_command(article, engine) -> None:
    """Translate ARTICLE (id or slug) again from scratch; human post-edits are kept."""
    with sessions()() as session:
        art = find_article(session, article)
        try:
            pick(current_app.extensions["paralelo.engines"], engine or art.engine, Direction.of(art).pair)
        except EngineError as exc:
            fail(str(exc))
        try:
            job = jobs.retranslate(session, art, engine)
        except jobs.JobError as exc:
            fail(str(exc))
        count = len(job.segment_ids)
        session.commit()
        run_jobs_with_progress(art, count)
    click.echo(f"Translated {count} sentences of {art.slug}")


@main.command("resegment")
@click.argument("article")
@click.option("--no-translate", is_flag=True, help="Only queue the new sentences; the server's workers translate them.")
@with_appcontext
def resegment_command(article, no_translate) -> None:
    """Split ARTICLE (id or slug) again with the current segmenter; unchanged sentences keep their translations."""
    with sessions()() as session:
        art = find_article(session, article)
        try:
            report = resegment.resegment(session, art)
        except resegment.ResegmentError as exc:
            fail(str(exc))
        session.commit()
        click.echo(f"{art.slug}: {report.before} -> {report.after} sentences, {report.kept} unchanged, "
                   f"{len(report.added)} new, {len(report.removed)} removed")
        for edit in report.carried_postedits:
            click.echo(f"kept post-edit\t{edit.key}\t{edit.text}")
        for edit in report.dropped_postedits:
            click.echo(f"dropped post-edit\t{edit.key}\t{edit.source}\t{edit.text}")
        if report.added and not no_translate:
            run_jobs_with_progress(art, len(report.added))


@main.group("glossary")
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


for _command in (commands.models, commands.export, commands.i18n, commands.users, commands.tokens, commands.tm_group,
                 commands.worker):
    main.add_command(_command)
