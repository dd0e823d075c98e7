"""Translation memory on the web: its page (import form, export), the JSON API, OmegaT uploads, suggestions."""

from __future__ import annotations

from io import BytesIO

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.config import TARGET_LOCALES
from app.core.models import Article, Segment, TMUnit, utcnow
from app.glossary.matcher import load_matcher
from app.interchange import omegat_import, tmx_memory
from app.translation import alternatives, memory
from app.version import __version__

from .common import current_user_name, message
from .db import get_session

bp = Blueprint("tm", __name__)
api = Blueprint("tm_api", __name__, url_prefix="/api")


def _locale_arg(value: str | None) -> str | None:
    if value and value not in TARGET_LOCALES:
        abort(400, _("Unknown target language '%(lang)s'; supported: %(known)s",
                     lang=value, known=", ".join(TARGET_LOCALES)))
    return value or None


def _upload() -> bytes | None:
    upload = request.files.get("file")
    return upload.read() if upload is not None and upload.filename else None


def _tmx_download(locale: str | None):
    data = tmx_memory.write(memory.all_units(get_session(), locale), utcnow(), __version__)
    return send_file(BytesIO(data), mimetype="application/x-tmx+xml", as_attachment=True,
                     download_name="paralelo-memory.tmx", max_age=0)


@bp.get("/tm")
def index():
    session = get_session()
    counts = session.execute(
        select(TMUnit.locale, TMUnit.origin, func.count()).group_by(TMUnit.locale, TMUnit.origin)
        .order_by(TMUnit.locale, TMUnit.origin)
    ).all()
    return render_template("tm.html", counts=counts, locales=TARGET_LOCALES)


@bp.post("/tm/import")
def import_form():
    data = _upload()
    if data is None:
        flash(_("Choose a TMX file to import."), "error")
        return redirect(url_for("tm.index")), 303
    try:
        locale = _locale_arg(request.form.get("locale"))
        report = tmx_memory.import_tmx(get_session(), data, current_user_name(), locale)
    except tmx_memory.TMXError as exc:
        flash(message(exc), "error")
        return redirect(url_for("tm.index")), 303
    get_session().commit()
    for unit in [u for u in report.units if u["status"] == "skipped"][:20]:
        flash(_("Unit %(n)s skipped: %(reason)s", n=unit["unit"], reason=_(unit["reason"])), "error")
    flash(_("Import: %(added)s added, %(dup)s duplicates, %(skipped)s skipped.", added=report.count("added"),
            dup=report.count("duplicate"), skipped=report.count("skipped")), "info")
    return redirect(url_for("tm.index")), 303


@bp.get("/tm/export")
def export_file():
    return _tmx_download(_locale_arg(request.args.get("locale")))


@bp.post("/articles/<slug>/omegat")
def omegat_form(slug: str):
    """The reader's upload of OmegaT's target file or project_save.tmx."""
    session = get_session()
    article = session.scalars(select(Article).where(Article.slug == slug)).first()
    if article is None:
        abort(404, _("No article called %(slug)s.", slug=slug))
    data = _upload()
    if data is None:
        flash(_("Choose OmegaT's translated file (target/*.txt) or its project_save.tmx."), "error")
        return redirect(url_for("reader.read", slug=slug)), 303
    try:
        report = omegat_import.import_file(session, article, data, current_user_name())
    except (omegat_import.RoundTripError, tmx_memory.TMXError) as exc:
        flash(message(exc), "error")
        return redirect(url_for("reader.read", slug=slug)), 303
    session.commit()
    for c in report.conflicts[:20]:
        flash(_("Sentence %(key)s kept its newer edit by %(who)s; OmegaT has: %(text)s",
                key=c["key"], who=c["author"], text=c["omegat"]), "error")
    flash(_("OmegaT: %(updated)s updated, %(confirmed)s confirmed, %(conflicts)s conflicts.",
            updated=len(report.updated), confirmed=len(report.confirmed), conflicts=len(report.conflicts)), "info")
    return redirect(url_for("reader.read", slug=slug)), 303


@api.get("/tm/export")
def api_export():
    """GET /api/tm/export[?locale=es-419]: the memory as TMX."""
    return _tmx_download(_locale_arg(request.args.get("locale")))


@api.post("/tm/import")
def api_import():
    """POST /api/tm/import (multipart: file, locale?): a per-unit report."""
    data = _upload()
    if data is None:
        abort(400, _("Send the TMX as a multipart form field named 'file'."))
    try:
        locale = _locale_arg(request.form.get("locale"))
        report = tmx_memory.import_tmx(get_session(), data, current_user_name(), locale)
    except tmx_memory.TMXError as exc:
        abort(400, message(exc))
    get_session().commit()
    return jsonify(report.as_dict())


@api.post("/articles/<int:article_id>/omegat")
def api_omegat(article_id: int):
    """POST /api/articles/<id>/omegat (multipart: file): OmegaT's translation back in, with a report."""
    session = get_session()
    article = session.get(Article, article_id)
    if article is None:
        abort(404, _("No article with id %(id)s.", id=article_id))
    data = _upload()
    if data is None:
        abort(400, _("Send the file as a multipart form field named 'file'."))
    try:
        report = omegat_import.import_file(session, article, data, current_user_name())
    except (omegat_import.RoundTripError, tmx_memory.TMXError) as exc:
        abort(400, message(exc))
    session.commit()
    return jsonify(report.as_dict())


@api.get("/articles/<int:article_id>/segments/<int:segment_id>/suggestions")
def suggestions(article_id: int, segment_id: int):
    """Fuzzy memory matches (score, source, target, diff, provenance) and engine alternatives."""
    session = get_session()
    seg = session.get(Segment, segment_id)
    if seg is None or seg.article_id != article_id:
        abort(404, _("Article %(a)s has no sentence %(s)s.", a=article_id, s=segment_id))
    article = seg.article
    current = seg.current
    matcher = load_matcher(session)
    found = memory.fuzzy(session, seg.source, article.target_lang, limit=4, exclude_exact=False,
                     terms_of=matcher.terms)
    found = [s for s in found if current is None or s.target != current.text][:3]  # not what it already says
    engines = current_app.extensions["paralelo.engines"]
    # engine alternatives cost engine runs: only for editors (the only ones with an editor open)
    offered = alternatives.for_sentence(engines, article.engine, seg.source, limit=3) if g.get("actor") else []
    return jsonify(segment=seg.id, source=seg.source, tm=[s.as_dict() for s in found], engines=offered)
