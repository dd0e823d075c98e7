"""The `paralelo` command: Flask's CLI plus import, translate, export, glossary, models, i18n."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import select

from . import commands, create_app, glossary, glossary_edit, glossary_io, pipeline
from .articles import ArticleError, decode_upload
from .config import ENGINES, TARGET_LOCALES
from .engines import EngineError, pick
from .glossary import GlossaryError
from .store import Article, GlossaryEntry, Job
from .terms import accuracy


def fail(message: str) -> None:
    """Exit 2 with a message (bad input), never a traceback."""
    raise click.UsageError(message)


def _cli_app():
    # CLI commands run jobs themselves (with a progress bar); only `run` serves and starts workers.
    serving = len(sys.argv) > 1 and sys.argv[1] == "run"
    return create_app({"RUN_JOBS": serving})


@click.group(cls=FlaskGroup, create_app=_cli_app)
def main() -> None:
    """Paralelo: bilingual English/Spanish reader with an enforced legal glossary."""


def sessions():
    return current_app.extensions["paralelo.db"]


def find_article(session, ref: str) -> Article:
    """An article by id or slug; exit 2 if there is none."""
    where = Article.id == int(ref) if ref.isdigit() else Article.slug == ref
    article = session.scalars(select(Article).where(where)).first()
    if article is None:
        fail(f"No article {ref!r}. `paralelo articles` lists them.")
    return article


def run_jobs_with_progress(session, article: Article) -> None:
    """Run this article's queued jobs here, showing a progress bar."""
    engines = current_app.extensions["paralelo.engines"]
    job_ids = session.scalars(
        select(Job.id).where(Job.article_id == article.id, Job.status == "queued").order_by(Job.id)
    ).all()
    total = len(article.segments)
    with click.progressbar(length=total, label=f"Translating {article.slug}", file=sys.stderr) as bar:
        last = [0]

        def progress(done: int, _total: int) -> None:
            bar.update(done - last[0])
            last[0] = done

        for job_id in job_ids:
            if pipeline.claim(session, job_id):
                job = pipeline.run_job(sessions(), job_id, engines, progress=progress)
                if job.status == "failed":
                    fail(f"Translation failed: {job.error}")
        bar.update(total - last[0])


@main.command("articles")
@with_appcontext
def list_articles() -> None:
    """List stored articles."""
    with sessions()() as session:
        for a in session.scalars(select(Article).order_by(Article.id)):
            click.echo(f"{a.id}\t{a.slug}\t{a.status}\t{a.target_lang}\t{a.title}")


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--title", help="Title (default: the first line of the file).")
@click.option("--target-lang", type=click.Choice(TARGET_LOCALES), default=None, help="Spanish variant.")
@click.option("--engine", type=click.Choice(ENGINES), default=None)
@click.option("--no-translate", is_flag=True, help="Only store it; the server's workers translate it.")
@with_appcontext
def import_command(file, title, target_lang, engine, no_translate) -> None:
    """Import an article from FILE (text, Markdown or HTML; - for stdin) and translate it."""
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as exc:
        fail(f"Cannot read {file}: {exc.strerror}")
    with sessions()() as session:
        try:
            article = pipeline.import_article(
                session, decode_upload(data), title,
                target_lang or current_app.config["DEFAULT_TARGET_LANG"],
                engine or current_app.config["ENGINE"], current_app.config["MAX_ARTICLE_BYTES"],
            )
        except ArticleError as exc:
            fail(str(exc))
        click.echo(f"Imported article {article.id} ({article.slug}): {len(article.segments)} sentences")
        if not no_translate:
            run_jobs_with_progress(session, article)
            click.echo(f"Translated: /articles/{article.slug}")


@main.command("translate")
@click.argument("article")
@click.option("--engine", type=click.Choice(ENGINES), default=None, help="Engine for this run.")
@with_appcontext
def translate_command(article, engine) -> None:
    """Translate ARTICLE (id or slug) again from scratch; human post-edits are kept."""
    with sessions()() as session:
        art = find_article(session, article)
        try:
            pick(current_app.extensions["paralelo.engines"], engine or art.engine)
        except EngineError as exc:
            fail(str(exc))
        if engine:
            art.engine = engine
        session.add(Job(article_id=art.id, segment_ids=[s.id for s in art.segments], reason="retranslate"))
        art.status, art.progress = "queued", 0.0
        session.commit()
        run_jobs_with_progress(session, art)
        click.echo(f"Translated {len(art.segments)} sentences of {art.slug}")


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
            click.echo(f"{e.id}\t{e.source}\t{e.target}\t{e.kind}\t{e.domain}")


@glossary_group.command("add")
@click.argument("source")
@click.argument("target")
@click.option("--kind", type=click.Choice(glossary.KINDS), default="translate")
@click.option("--domain", type=click.Choice(glossary.DOMAINS), default="general")
@click.option("--gender", type=click.Choice(["m", "f"]))
@click.option("--number", type=click.Choice(["sg", "pl"]))
@click.option("--note", default="")
@with_appcontext
def glossary_add(source, target, kind, domain, gender, number, note) -> None:
    """Add an entry; affected sentences are re-translated."""
    with sessions()() as session:
        try:
            change = glossary_edit.add(
                session, {"source": source, "target": target, "kind": kind, "domain": domain,
                          "gender": gender, "number": number, "note": note}, who="cli",
            )
        except GlossaryError as exc:
            fail(str(exc))
        _retranslate(session, [change])
        click.echo(f"Added entry {change.entry.id}: {source} -> {target}")


def _retranslate(session, changes) -> None:
    jobs = pipeline.queue_retranslation(session, [e for c in changes for e in c.affected])
    session.commit()
    engines = current_app.extensions["paralelo.engines"]
    for job in jobs:
        if pipeline.claim(session, job.id):
            pipeline.run_job(sessions(), job.id, engines)
    if jobs:
        click.echo(f"Re-translated {sum(len(j.segment_ids) for j in jobs)} affected sentences.")


@glossary_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(list(glossary_io.FORMATS)), help="Default: from the extension.")
@with_appcontext
def glossary_import(file, fmt) -> None:
    """Import entries from a TSV, CSV or TBX file."""
    fmt = fmt or Path(file).suffix.lstrip(".").lower()
    with sessions()() as session:
        try:
            result = glossary_io.import_rows(session, glossary_io.read(Path(file).read_bytes(), fmt), "cli")
        except GlossaryError as exc:
            fail(str(exc))
        for error in result.errors:
            click.echo(f"skipped {error}", err=True)
        _retranslate(session, result.changes)
        click.echo(result.summary())


@glossary_group.command("update-bundled")
@with_appcontext
def glossary_update_bundled() -> None:
    """Load new and changed bundled entries; entries you edited are left alone."""
    with sessions()() as session:
        result = glossary_io.load_bundled(session)
        _retranslate(session, result.changes)
        click.echo(result.summary())


@glossary_group.command("export")
@click.option("--format", "fmt", type=click.Choice(list(glossary_io.FORMATS)), default="tsv")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Default: stdout.")
@with_appcontext
def glossary_export(fmt, output) -> None:
    """Export the glossary as TSV, CSV or TBX."""
    with sessions()() as session:
        live = select(GlossaryEntry).where(GlossaryEntry.deleted.is_(False)).order_by(GlossaryEntry.source)
        data = glossary_io.write(session.scalars(live), fmt)
    if output:
        Path(output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)


@glossary_group.command("check")
@click.argument("article")
@click.option("--baseline", is_flag=True, help="Also translate without the glossary and compare.")
@click.option("--grammar", is_flag=True, help="Also print agreement errors the glossary introduced.")
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
                engine = pick(current_app.extensions["paralelo.engines"], art.engine)
                base_hits, base_total = pipeline.baseline_accuracy(session, art, engine)
            except EngineError as exc:
                fail(str(exc))
            click.echo(f"Without the glossary ({engine.name}): {_share(base_hits, base_total)}")
        if grammar:
            _grammar(session, art)


def _grammar(session, art) -> None:
    """Print the agreement errors enforcement introduced (output with the glossary vs without)."""
    from .grammar_check import introduced_errors
    from .morphology import MorphologyError

    try:
        engine = pick(current_app.extensions["paralelo.engines"], art.engine)
        found = introduced_errors(session, art, engine)
    except (EngineError, MorphologyError) as exc:
        fail(str(exc))
    for key, e in found.introduced:
        click.echo(f"agreement  {key}: '{e['word']}' next to '{e['target']}' (wants {e['wanted']})")
    click.echo(
        f"Agreement errors introduced by the glossary: {len(found.introduced)} "
        f"(with the glossary {found.with_glossary}, without {found.without_glossary}; "
        f"{found.checked} machine-translated sentences)"
    )


def _share(hits: int, total: int) -> str:
    return f"{hits}/{total} = {100.0 * hits / total if total else 100.0:.1f}%"


for _command in (commands.models, commands.export, commands.i18n, commands.users, commands.tokens):
    main.add_command(_command)


if __name__ == "__main__":
    main()
