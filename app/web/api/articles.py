"""The articles API: list, import, read, translate again, retry, re-segment, post-edit a sentence, and
the admin's rename, delete and restore. Domain errors reach the one UserError handler (app.web)."""

from __future__ import annotations

from flask import abort, current_app, jsonify, request
from flask_babel import gettext
from flask_babel import gettext as _

from app.core.messages import N_
from app.core.models import Segment
from app.glossary.edit import ConflictError
from app.intake import importer
from app.reader import admin, paging, shapes
from app.reader.admin import live_articles
from app.translation import aligned, jobs, postedit, resegment, review

from ..access import admin_required, editor_required
from ..authors import visible_author
from ..common import current_user_name, db_int, import_and_queue, message, submit
from ..db import get_session
from ..security import import_limit, limiter, translate_limit, url_import_limiter
from .base import bp, conflict, get_article, get_segment, json_body

DELETED_ARTICLES = N_("Only admins can see and restore deleted articles.")


@bp.get("/articles")
def list_articles():
    articles = list(get_session().scalars(live_articles()))
    progress = review.progress(get_session(), [a.id for a in articles])
    return jsonify(articles=[shapes.article_summary(a) | {"review": progress[a.id]} for a in articles])


IMPORT_FIELDS = ("text", "title", "url", "html", "source_lang", "target_lang", "engine", "translation_text",
                 "translation_html", "translation_url", "translation_name", "original")


@bp.post("/articles")
@limiter.limit(import_limit)
@url_import_limiter
@editor_required
def create_article():
    """Import from {"text", "title"?}, {"html", "url"?} (a saved page) or {"url"} (fetched in the background),
    in "source_lang" (detected if neither it nor "target_lang" is given), with an existing translation to
    align as "translation_text", "translation_html" (a saved page) or "translation_url"."""
    data = json_body()
    fields = {key: data.get(key) for key in IMPORT_FIELDS}
    if any(value is not None and not isinstance(value, str) for value in fields.values()):
        abort(400, _("The fields %(fields)s must be strings.", fields=", ".join(f"'{f}'" for f in IMPORT_FIELDS)))
    if fields["html"] is not None:
        source = importer.Page(fields["html"], fields["url"] or None)
    elif fields["url"] is not None:
        source = importer.Url(fields["url"])
    elif fields["text"] is not None:
        source = importer.Text(fields["text"], fields["title"])
    else:
        abort(400, _("Send the article as 'text', a saved page as 'html', or an address as 'url'."))
    if fields["original"] not in (None, "article", "translation"):
        abort(400, _("'original' must be 'article' or 'translation'."))
    article = import_and_queue(get_session(), source, fields["target_lang"], fields["engine"], fields["source_lang"],
                               edition_of(fields))
    return jsonify(id=article.id, slug=article.slug, status=article.status, source_lang=article.source_lang,
                   target_lang=article.target_lang), 202


def edition_of(fields: dict) -> importer.Edition | None:
    """The existing translation an import names, if any."""
    if not any(fields[k] for k in ("translation_text", "translation_html", "translation_url")):
        return None
    return importer.Edition(text=fields["translation_text"] or "", html=fields["translation_html"],
                            url=fields["translation_url"] or None, name=fields["translation_name"] or None,
                            original=fields["original"] == "translation")


@bp.get("/articles/<int:article_id>")
def show_article(article_id: int):
    """The article with one page of segments (`offset`, `limit` up to 1000; `next_offset` for more)."""
    offset = request.args.get("offset", 0, type=db_int)
    limit = request.args.get("limit", paging.MAX_PAGE, type=db_int)
    if offset is None or limit is None or limit < 1:
        abort(400, _("'offset' and 'limit' must be whole numbers (limit at least 1)."))
    article = get_article(article_id)
    page = paging.segment_page(get_session(), article.id, offset, limit)
    return jsonify(shapes.article_dict(get_session(), article, page, gettext, visible_author))


@bp.post("/articles/<int:article_id>/translate")
@limiter.limit(translate_limit)
@editor_required
def retranslate(article_id: int):
    """Translate the whole article again (optionally with another engine); human edits are kept."""
    engine = json_body(optional=True).get("engine")
    if engine is not None and not isinstance(engine, str):
        abort(400, _("'engine' must be a string."))
    article = get_article(article_id)
    try:
        job = jobs.retranslate(get_session(), article, engine, current_app.extensions["paralelo.engines"])
    except jobs.JobError as exc:  # 409, with how far the running translation is
        return jsonify(error=message(exc), progress=article.progress), exc.http_status
    get_session().commit()
    submit([job.id])
    return jsonify(id=article.id, slug=article.slug, status=article.status), 202


@bp.post("/articles/<int:article_id>/retry")
@editor_required
def retry(article_id: int):
    """Queue a failed translation again; it resumes where it stopped."""
    article = get_article(article_id)
    job = jobs.retry_failed(get_session(), article)
    get_session().commit()
    submit([job.id])
    return jsonify(id=article.id, slug=article.slug, status=article.status), 202


@bp.post("/articles/<int:article_id>/resegment")
@editor_required
def resegment_article(article_id: int):
    """Split the article again with the current segmenter; answer what was kept, added and dropped."""
    session = get_session()
    report = resegment.resegment(session, get_article(article_id))
    session.commit()
    if report.job_id is not None:
        submit([report.job_id])
    return jsonify(report.as_dict())


def segment_dict(seg: Segment) -> dict:
    return {"id": seg.id, "key": seg.key, "paragraph": seg.paragraph, "index": seg.index, "source": seg.source,
            "version": postedit.version_of(seg), **shapes.translation_dict(seg.current, gettext, visible_author)}


@bp.put("/articles/<int:article_id>/segments/<int:segment_id>")
@editor_required
def edit_segment(article_id: int, segment_id: int):
    """Store a human post-edit of one sentence."""
    data = json_body()
    seg = get_segment(article_id, segment_id)
    version = data.get("version")
    if version is not None and not isinstance(version, int):
        abort(400, _("'version' must be an integer."))
    try:
        postedit.save(get_session(), seg, data.get("text"), who=current_user_name(), version=version)
    except ConflictError as exc:
        return conflict(exc, submitted={"target": data.get("text")})
    get_session().commit()
    return jsonify(segment_dict(seg))


@bp.post("/articles/<int:article_id>/segments/<int:segment_id>/join")
@editor_required
def join_segment(article_id: int, segment_id: int):
    """Fix an alignment: join the sentence with the next one (sources and translations, no retyping)."""
    seg = get_segment(article_id, segment_id)
    joined = aligned.join(get_session(), get_article(article_id), seg)
    get_session().commit()
    return jsonify(segment_dict(joined))


@bp.post("/articles/<int:article_id>/segments/<int:segment_id>/split")
@editor_required
def split_segment(article_id: int, segment_id: int):
    """Fix an alignment: split after `source_at` source sentences and `target_at` translated ones."""
    data = json_body()
    at = (data.get("source_at"), data.get("target_at"))
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in at):
        abort(400, _("'source_at' and 'target_at' must be whole numbers."))
    seg = get_segment(article_id, segment_id)
    article = get_article(article_id)
    new = aligned.split(get_session(), article, seg, *at)
    queued = None
    untranslated = [part.id for part in (seg, new) if part.source and part.current is None]
    if untranslated:  # a source sentence left with no translation: the engine's
        queued = jobs.enqueue_sentences(get_session(), article, untranslated)
    get_session().commit()
    if queued is not None:
        submit([queued.id])
    return jsonify(first=segment_dict(seg), second=segment_dict(new))


@bp.delete("/articles/<int:article_id>/segments/<int:segment_id>/edit")
@editor_required
def undo_edit(article_id: int, segment_id: int):
    """Go back to the machine translation of one sentence."""
    seg = get_segment(article_id, segment_id)
    postedit.undo(get_session(), seg, who=current_user_name())
    get_session().commit()
    return jsonify(segment_dict(seg))


@bp.post("/articles/<int:article_id>/segments/<int:segment_id>/revert/<int:translation_id>")
@editor_required
def revert_segment(article_id: int, segment_id: int, translation_id: int):
    """Make an earlier translation of the sentence current again (its history is kept)."""
    seg = get_segment(article_id, segment_id)
    postedit.restore(get_session(), seg, translation_id)
    get_session().commit()
    return jsonify(segment_dict(seg))


@bp.get("/articles/<int:article_id>/segments/<int:segment_id>/history")
def segment_history(article_id: int, segment_id: int):
    seg = get_segment(article_id, segment_id)
    items = [{"id": t.id, "text": t.text, "origin": t.origin, "author": visible_author(t.author), "engine": t.engine,
              "current": t.current, "stale": t.stale, "at": t.created_at.isoformat() + "Z"}
             for t in seg.translations]
    return jsonify(segment=seg.id, translations=items)


# --- admin: rename, soft delete, restore -------------------------------------------------------------


def admin_summary(article) -> dict:
    data = shapes.article_summary(article)
    data["deleted_at"] = article.deleted_at.isoformat() + "Z" if article.deleted_at else None
    return data


@bp.patch("/articles/<int:article_id>")
@editor_required
def rename_article(article_id: int):
    """PATCH {"title": "..."}: a new title (the slug, and so the reader's address, stays)."""
    article = admin.rename(get_session(), article_id, json_body().get("title"))
    get_session().commit()
    return jsonify(admin_summary(article))


@bp.delete("/articles/<int:article_id>")
@editor_required
def delete_article(article_id: int):
    """Soft delete: hidden everywhere, kept with its history for an admin to restore."""
    article = admin.delete(get_session(), article_id, current_user_name())
    get_session().commit()
    return jsonify(deleted=article.id, deleted_at=admin_summary(article)["deleted_at"])


@bp.get("/articles/deleted")
@admin_required(DELETED_ARTICLES)
def deleted_articles():
    return jsonify(articles=[admin_summary(a) for a in admin.deleted_articles(get_session())])


@bp.post("/articles/<int:article_id>/restore")
@admin_required(DELETED_ARTICLES)
def restore_article(article_id: int):
    article = admin.restore(get_session(), article_id)
    get_session().commit()
    return jsonify(admin_summary(article))
