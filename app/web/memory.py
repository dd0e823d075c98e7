"""Translation memory pages: the memory's page (import form, export) and the reader's OmegaT upload."""

from __future__ import annotations

from io import BytesIO

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.config import TARGET_LOCALES
from app.core.models import Article, TMUnit, utcnow
from app.interchange import omegat_import, tmx_memory
from app.reader.admin import LIVE
from app.translation import memory
from app.version import __version__

from .access import editor_required
from .authors import visible_author
from .common import current_user_name, message
from .db import get_session

bp = Blueprint("memory", __name__)


def locale_arg(value: str | None) -> str | None:
    if value and value not in TARGET_LOCALES:
        abort(400, _("Unknown target language '%(lang)s'; supported: %(known)s",
                     lang=value, known=", ".join(TARGET_LOCALES)))
    return value or None


def upload_data() -> bytes | None:
    upload = request.files.get("file")
    return upload.read() if upload is not None and upload.filename else None


def tmx_download(locale: str | None):
    """The memory as TMX, without deleted articles' units; user names only for signed-in users."""
    data = tmx_memory.write(memory.all_units(get_session(), locale), utcnow(), __version__, visible_author)
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
@editor_required
def import_form():
    data = upload_data()
    if data is None:
        flash(_("Choose a TMX file to import."), "error")
        return redirect(url_for("memory.index")), 303
    try:
        locale = locale_arg(request.form.get("locale"))
        report = tmx_memory.import_tmx(get_session(), data, current_user_name(), locale)
    except tmx_memory.TMXError as exc:
        flash(message(exc), "error")
        return redirect(url_for("memory.index")), 303
    get_session().commit()
    for unit in [u for u in report.units if u["status"] == "skipped"][:20]:
        flash(_("Unit %(n)s skipped: %(reason)s", n=unit["unit"], reason=_(unit["reason"])), "error")
    flash(_("Import: %(added)s added, %(dup)s duplicates, %(skipped)s skipped.", added=report.count("added"),
            dup=report.count("duplicate"), skipped=report.count("skipped")), "info")
    return redirect(url_for("memory.index")), 303


@bp.get("/tm/export")
def export_file():
    return tmx_download(locale_arg(request.args.get("locale")))


@bp.post("/articles/<slug>/omegat")
@editor_required
def omegat_form(slug: str):
    """The reader's upload of OmegaT's target file or project_save.tmx."""
    session = get_session()
    article = session.scalars(select(Article).where(Article.slug == slug, LIVE)).first()
    if article is None:
        abort(404, _("No article called %(slug)s.", slug=slug))
    data = upload_data()
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
