"""Glossary pages: search and filter, add, edit, delete (confirm, undo), import, history with revert."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.core.models import GlossaryChange, glossary_revision
from app.glossary import edit as glossary_edit
from app.glossary import search
from app.glossary.edit import ConflictError
from app.glossary.matcher import DOMAINS, KINDS, GlossaryError
from app.interchange import glossary_files

from .access import editor_required
from .common import after_glossary_change, current_user_name, db_int, import_glossary, message
from .db import get_session
from .labels import ENTRY_FIELDS, domain_label, field_label, pos_label
from .page_helpers import filters
from .redirects import safe_next

HISTORY_PER_PAGE = 50
CHANGES_SHOWN = 10  # entries an import names with the fields it changed

bp = Blueprint("glossary", __name__, url_prefix="/glossary")


def form_data() -> dict:
    """Entry fields from a submitted form (empty strings become None where the model allows)."""
    data = {k: request.form.get(k, "") for k in glossary_edit.FIELDS if k != "case_sensitive"}
    data["case_sensitive"] = request.form.get("case_sensitive") == "on"
    return data


def done(changes, text: str, target: str | None = None, category: str = "info"):
    """Queue the re-translations the changes need, say what happened (one notice), and go on to `target`."""
    queued = after_glossary_change(get_session(), changes)
    if queued:
        text += " " + ngettext("%(num)s sentence is being re-translated.",
                               "%(num)s sentences are being re-translated.", queued)
    flash(text, category)
    return redirect(target or safe_next(request.form.get("next"), url_for("glossary.index"))), 303


def where_shown(entry, keep: dict) -> str:
    """The list page showing this entry: with the user's search if it finds the entry, else unfiltered."""
    session = get_session()
    args = {k: v for k, v in keep.items() if k in ("q", "domain")}
    page = search.page_of(session, entry.id, args.get("q", ""), args.get("domain", ""))
    if page is None:
        args, page = {}, search.page_of(session, entry.id) or 1
    return url_for("glossary.index", **args, page=page if page > 1 else None, _anchor=f"entry-{entry.id}")


def undo_offer(session, change_id: int | None) -> GlossaryChange | None:
    """The delete a just-deleted entry's Undo button reverts, while the entry is still deleted."""
    change = session.get(GlossaryChange, change_id) if change_id else None
    if change is None or change.action != "delete":
        return None
    entry = glossary_edit.get_any(session, change.entry_id)
    return change if entry.deleted and entry.revision == change.id else None


def entry_name(snapshot: dict) -> str:
    """An entry as people know it: "English → Spanish"."""
    return f"{snapshot.get('source', '')} → {snapshot.get('target', '')}"


def field_value(key: str, value) -> str:
    """A field's value as the form shows it."""
    if value in (None, ""):
        return "—"
    if key == "case_sensitive":
        return _("yes") if value else _("no")
    labels = {"domain": domain_label, "pos": pos_label,
              "gender": lambda v: {"m": _("masculine"), "f": _("feminine")}.get(v, v),
              "number": lambda v: {"sg": _("singular"), "pl": _("plural")}.get(v, v),
              "kind": lambda v: {"translate": _("translate"), "keep": _("keep as is (name)")}.get(v, v)}
    return str(labels[key](value)) if key in labels else str(value)


def revert_message(before: dict, after: dict) -> str:
    """What a revert did, said as a person would: which entry, and what it is again."""
    name = entry_name(after if after.get("source") else before)
    if after.get("deleted") and not before.get("deleted"):
        return _("“%(entry)s” is no longer in the glossary: its addition was undone.", entry=name)
    if before.get("deleted") and not after.get("deleted"):
        return _("“%(entry)s” is back in the glossary.", entry=name)
    changed = [
        _("%(field)s is “%(new)s” again (was “%(old)s”)", field=str(ENTRY_FIELDS[key]),
          new=field_value(key, after.get(key)), old=field_value(key, before.get(key)))
        for key in ENTRY_FIELDS if key in after and before.get(key) != after.get(key)
    ]
    if not changed:
        return _("“%(entry)s” was already as it was before that change: nothing changed.", entry=name)
    return _("Change undone on “%(entry)s”: %(changes)s.", entry=name, changes="; ".join(changed))


@bp.get("/")
def index():
    session = get_session()
    q, domain = request.args.get("q", "").strip(), request.args.get("domain", "")
    found = search.search_page(session, q, domain, request.args.get("page", 1, type=db_int))
    return render_template("glossary.html", found=found, entries=found.entries, q=q, domain=domain,
                           domains=DOMAINS, kinds=KINDS, revision=glossary_revision(session),
                           formats=glossary_files.FORMATS, keep=filters(),
                           args={k: v for k, v in filters().items() if k != "page"},
                           undo=undo_offer(session, request.args.get("undo", type=db_int)))


@bp.post("/")
@editor_required
def add():
    try:
        change = glossary_edit.add(get_session(), form_data(), who=current_user_name())
    except GlossaryError as exc:
        get_session().rollback()
        flash(message(exc), "error")
        return redirect(url_for("glossary.index", **filters(request.form))), 303
    target = where_shown(change.entry, filters(request.form))
    return done([change], _("Added “%(source)s”.", source=change.entry.source), target)


@bp.route("/<int:entry_id>/edit", methods=["GET", "POST"])
@editor_required
def edit(entry_id: int):
    session = get_session()
    entry = glossary_edit.get(session, entry_id)
    if request.method == "POST":
        try:
            change = glossary_edit.update(session, entry_id, form_data(), who=current_user_name(),
                                          version=request.form.get("version", type=db_int))
        except ConflictError as exc:
            session.rollback()
            return render_template("glossary_edit.html", entry=entry, mine=form_data(), conflict=message(exc),
                                   domains=DOMAINS, kinds=KINDS, keep=filters(request.form)), 409
        except GlossaryError as exc:
            session.rollback()
            flash(message(exc), "error")
            return render_template("glossary_edit.html", entry=entry, mine=form_data(),
                                   domains=DOMAINS, kinds=KINDS, keep=filters(request.form)), 400
        return done([change], _("Saved “%(source)s”.", source=change.entry.source),
                    where_shown(change.entry, filters(request.form)))
    return render_template("glossary_edit.html", entry=entry, mine=None, domains=DOMAINS, kinds=KINDS,
                           keep=filters())


@bp.get("/<int:entry_id>/delete")
@editor_required
def confirm_delete(entry_id: int):
    """Ask before deleting (works without JavaScript)."""
    entry = glossary_edit.get(get_session(), entry_id)
    return render_template("glossary_delete.html", entry=entry, keep=filters())


@bp.post("/<int:entry_id>/delete")
@editor_required
def delete(entry_id: int):
    keep = filters(request.form)
    try:
        change = glossary_edit.delete(get_session(), entry_id, who=current_user_name(),
                                      version=request.form.get("version", type=db_int))
    except ConflictError as exc:
        flash(message(exc), "error")
        return redirect(url_for("glossary.index", **keep)), 303
    # one notice: the list shows this message inside its Undo form (category "undo")
    return done([change], _("“%(entry)s” was deleted.", entry=entry_name(change.record.before)),
                url_for("glossary.index", **keep, undo=change.record.id), category="undo")


@bp.get("/history")
def history():
    session = get_session()
    entry_id = request.args.get("entry", type=db_int)
    entry = glossary_edit.get_any(session, entry_id) if entry_id is not None else None
    before = request.args.get("before", type=db_int)
    rows = glossary_edit.history(session, entry_id, HISTORY_PER_PAGE + 1, before)
    changes, older = rows[:HISTORY_PER_PAGE], len(rows) > HISTORY_PER_PAGE
    return render_template(
        "glossary_history.html", changes=changes, entry=entry, keep=filters(), before=before,
        older=changes[-1].id if older else None,
        firsts=glossary_edit.first_change_ids(session, {c.entry_id for c in changes}),
    )


@bp.post("/changes/<int:change_id>/revert")
@editor_required
def revert(change_id: int):
    try:
        change = glossary_edit.revert(get_session(), change_id, who=current_user_name())
    except ConflictError as exc:
        flash(message(exc), "error")
        return redirect(safe_next(request.form.get("next"), url_for("glossary.history"))), 303
    return done([change], revert_message(change.record.before or {}, change.record.after or {}))


@bp.post("/import")
@editor_required
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
    changed = [e for e in result.entries if e["status"] == "updated"]
    for entry in changed[:CHANGES_SHOWN]:  # the flash travels in the session cookie: a few lines only
        flash(_("Updated “%(source)s”: %(fields)s.", source=entry["source"],
                fields=", ".join(field_label(f) for f in entry["fields"])), "info")
    if len(changed) > CHANGES_SHOWN:
        flash(ngettext("%(num)s more entry was updated; the API's import answer lists every entry.",
                       "%(num)s more entries were updated; the API's import answer lists every entry.",
                       len(changed) - CHANGES_SHOWN), "info")
    text = _("Import: %(added)s added, %(updated)s updated, %(skipped)s skipped.",
             added=result.added, updated=result.updated, skipped=result.skipped)
    if queued:
        text += " " + ngettext("%(num)s sentence is being re-translated.",
                               "%(num)s sentences are being re-translated.", queued)
    flash(text, "info")
    return redirect(url_for("glossary.index")), 303
