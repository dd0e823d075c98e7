"""`paralelo articles`, `import`, `translate` and `resegment`: bring articles in and translate them."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from app.config import ENGINES, TARGET_LOCALES
from app.core.direction import SOURCE_LANGS
from app.core.messages import UserError
from app.core.models import Article
from app.core.states import JobReason
from app.intake import importer
from app.translation import jobs, resegment

from .common import fail, find_article, job_settings, run_jobs_with_progress, sessions


@click.command("articles")
@with_appcontext
def list_articles() -> None:
    """List stored articles."""
    with sessions()() as session:
        for a in session.scalars(select(Article).order_by(Article.id)):
            click.echo(f"{a.id}\t{a.slug}\t{a.status}\t{a.source_lang}->{a.target_lang}\t{a.title}")


@click.command("import")
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
    edition = None
    if translation_file or translation_url:
        given = importer.from_file(_read(translation_file)) if translation_file else None
        edition = importer.Edition(
            text=given.text if isinstance(given, importer.Text) else "",
            html=given.html if isinstance(given, importer.Page) else None,
            url=translation_url, name=translation_name or (Path(translation_file).name if translation_file else None),
            original=original_translation,
        )
    with sessions()() as session:
        try:
            source = importer.Url(url) if url else importer.from_file(_read(file), title)
            article, _job = jobs.import_and_queue(session, source, options, limits,
                                                  current_app.extensions["paralelo.engines"], edition)
        except UserError as exc:  # EngineError too: an engine that cannot run
            fail(str(exc))
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


@click.command("translate")
@click.argument("article")
@click.option("--engine", type=click.Choice(ENGINES), default=None, help="Engine for this run.")
@with_appcontext
def translate_command(article, engine) -> None:
    """Translate ARTICLE (id or slug) again from scratch; human post-edits are kept."""
    with sessions()() as session:
        art = find_article(session, article)
        try:
            job = jobs.retranslate(session, art, engine, current_app.extensions["paralelo.engines"])
        except UserError as exc:  # EngineError (an engine that cannot run) and JobError (busy)
            fail(str(exc))
        fetching = job.reason == JobReason.FETCH  # a URL import whose page was never read: read it first
        count = len(job.segment_ids or [])
        session.commit()
        if fetching:
            run_jobs_with_progress(art, job_settings().limits.max_bytes, f"Fetching {art.source_url}",
                                   f"Could not import {art.source_url}")
            session.refresh(art)
            count = len(art.segments)
        run_jobs_with_progress(art, count)
    click.echo(f"Translated {count} sentences of {art.slug}")


@click.command("resegment")
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


