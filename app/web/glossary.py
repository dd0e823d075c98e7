"""Glossary pages: search and filter, add, edit, delete, import, history with revert."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from .. import glossary_edit, glossary_io
from ..db import get_session
from ..glossary import DOMAINS, KINDS, GlossaryError
from ..glossary_edit import ConflictError, NotFound
from ..store import glossary_revision
from .common import after_glossary_change, current_user_name, db_int, import_glossary, message
from .glossary_api import search
from .redirects import safe_next

bp = Blueprint("glossary", __name__, url_prefix="/glossary")


def form_data() -> dict:
    """Entry fields from a submitted form (empty strings become None where the model allows)."""
    data = {k: request.form.get(k, "") for k in glossary_edit.FIELDS if k != "case_sensitive"}
    data["case_sensitive"] = request.form.get("case_sensitive") == "on"
    return data


def done(changes, text: str):
    queued = after_glossary_change(get_session(), changes)
    if queued:
        text += " " + ngettext("%(num)s sentence is being re-translated.",
                               "%(num)s sentences are being re-translated.", queued)
    flash(text, "info")
    return redirect(safe_next(request.form.get("next"), url_for("glossary.index"))), 303


@bp.get("/")
def index():
    session = get_session()
    q, domain = request.args.get("q", "").strip(), request.args.get("domain", "")
    entries = search(session, q, domain)
    return render_template("glossary.html", entries=entries, q=q, domain=domain, domains=DOMAINS,
                           kinds=KINDS, revision=glossary_revision(session), formats=glossary_io.FORMATS)


@bp.post("/")
def add():
    try:
        change = glossary_edit.add(get_session(), form_data(), who=current_user_name())
    except GlossaryError as exc:
        get_session().rollback()
        flash(message(exc), "error")
        return redirect(url_for("glossary.index")), 303
    return done([change], _("Added “%(source)s”.", source=change.entry.source))


@bp.route("/<int:entry_id>/edit", methods=["GET", "POST"])
def edit(entry_id: int):
    session = get_session()
    try:
        entry = glossary_edit.get(session, entry_id)
    except NotFound as exc:
        abort(404, message(exc))
    if request.method == "POST":
        try:
            change = glossary_edit.update(session, entry_id, form_data(), who=current_user_name(),
                                          version=request.form.get("version", type=db_int))
        except ConflictError as exc:
            session.rollback()
            return render_template("glossary_edit.html", entry=entry, mine=form_data(), conflict=message(exc),
                                   domains=DOMAINS, kinds=KINDS), 409
        except GlossaryError as exc:
            session.rollback()
            flash(message(exc), "error")
            return render_template("glossary_edit.html", entry=entry, mine=form_data(),
                                   domains=DOMAINS, kinds=KINDS), 400
        return done([change], _("Saved “%(source)s”.", source=change.entry.source))
    return render_template("glossary_edit.html", entry=entry, mine=None, domains=DOMAINS, kinds=KINDS)


@bp.post("/<int:entry_id>/delete")
def delete(entry_id: int):
    try:
        change = glossary_edit.delete(get_session(), entry_id, who=current_user_name(),
                                      version=request.form.get("version", type=db_int))
    except NotFound as exc:
        abort(404, message(exc))
    except ConflictError as exc:
        flash(message(exc), "error")
        return redirect(url_for("glossary.index")), 303
    return done([change], _("Deleted “%(source)s”.", source=change.entry.source))


@bp.get("/history")
def history():
    changes = glossary_edit.history(get_session(), request.args.get("entry", type=db_int))
    return render_template("glossary_history.html", changes=changes)


@bp.post("/changes/<int:change_id>/revert")
def revert(change_id: int):
    try:
        change = glossary_edit.revert(get_session(), change_id, who=current_user_name())
    except NotFound as exc:
        abort(404, message(exc))
    except ConflictError as exc:
        flash(message(exc), "error")
        return redirect(url_for("glossary.history")), 303
    return done([change], _("Reverted change %(id)s.", id=change_id))


@bp.post("/import")
def import_file():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(_("Choose a TSV, CSV or TBX file to import."), "error")
        return redirect(url_for("glossary.index")), 303
    fmt = (request.form.get("format") or upload.filename.rsplit(".", 1)[-1]).lower()
    try:
        result, queued = import_glossary(upload.read(), fmt)
    except GlossaryError as exc:
        flash(message(exc), "error")
        return redirect(url_for("glossary.index")), 303
    for problem in result.problems[:20]:
        flash(_("Skipped %(error)s", error=message(problem)), "error")
    text = _("Import: %(added)s added, %(updated)s updated, %(skipped)s skipped.",
             added=result.added, updated=result.updated, skipped=result.skipped)
    if queued:
        text += " " + ngettext("%(num)s sentence is being re-translated.",
                               "%(num)s sentences are being re-translated.", queued)
    flash(text, "info")
    return redirect(url_for("glossary.index")), 303
