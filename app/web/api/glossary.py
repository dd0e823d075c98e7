"""The glossary API: list, add, edit, delete, history, revert, import, export."""

from __future__ import annotations

from flask import Response, abort, jsonify, request
from flask_babel import gettext as _

from app.core.models import glossary_revision
from app.glossary import edit, search
from app.glossary.edit import ConflictError
from app.interchange import glossary_files

from ..access import editor_required
from ..authors import visible_author
from ..common import after_glossary_change, current_user_name, db_int, import_glossary, message
from ..db import get_session
from .base import bp, conflict, json_body


@bp.get("/glossary")
def list_entries():
    """Entries matching ?q= (accents and case ignored) and ?domain=; all of them, or one ?page= of ?per_page=."""
    session = get_session()
    q, domain = request.args.get("q", ""), request.args.get("domain", "")
    page = request.args.get("page", type=db_int)
    if page is None:
        entries = search.search_all(session, q, domain)
        return jsonify(revision=glossary_revision(session), total=len(entries),
                       entries=[edit.snapshot(e) for e in entries])
    found = search.search_page(session, q, domain, page, request.args.get("per_page", search.PER_PAGE, type=db_int))
    return jsonify(revision=glossary_revision(session), total=found.total, page=found.page, pages=found.pages,
                   per_page=found.per_page, entries=[edit.snapshot(e) for e in found.entries])


@bp.post("/glossary")
@editor_required
def add_entry():
    session = get_session()
    try:
        change = edit.add(session, json_body(), who=current_user_name())
    except ConflictError as exc:
        return conflict(exc)
    queued = after_glossary_change(session, [change])
    return jsonify(entry=edit.snapshot(change.entry), retranslating=queued), 201


@bp.get("/glossary/<int:entry_id>")
def show_entry(entry_id: int):
    return jsonify(edit.snapshot(edit.get(get_session(), entry_id)))


@bp.patch("/glossary/<int:entry_id>")
@editor_required
def edit_entry(entry_id: int):
    session = get_session()
    data = json_body()
    version = data.pop("version", None)
    try:
        change = edit.update(session, entry_id, data, who=current_user_name(), version=version)
    except ConflictError as exc:
        return conflict(exc)
    queued = after_glossary_change(session, [change])
    return jsonify(entry=edit.snapshot(change.entry), retranslating=queued)


@bp.delete("/glossary/<int:entry_id>")
@editor_required
def delete_entry(entry_id: int):
    session = get_session()
    try:
        change = edit.delete(session, entry_id, who=current_user_name(),
                             version=request.args.get("version", type=db_int))
    except ConflictError as exc:
        return conflict(exc)
    queued = after_glossary_change(session, [change])
    return jsonify(deleted=entry_id, retranslating=queued)


@bp.get("/glossary/history")
def glossary_history():
    changes = edit.history(get_session(), request.args.get("entry", type=db_int))
    return jsonify(changes=[change_dict(c) for c in changes])


@bp.post("/glossary/changes/<int:change_id>/revert")
@editor_required
def revert_change(change_id: int):
    session = get_session()
    try:
        change = edit.revert(session, change_id, who=current_user_name())
    except ConflictError as exc:
        return conflict(exc)
    queued = after_glossary_change(session, [change])
    return jsonify(entry=edit.snapshot(change.entry), retranslating=queued)


@bp.post("/glossary/import")
@editor_required
def import_glossary_file():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        abort(400, _("Attach the glossary as a file field named 'file'."))
    fmt = (request.form.get("format") or upload.filename.rsplit(".", 1)[-1]).lower()
    result, queued = import_glossary(upload.read(), fmt)
    body = result.as_dict()
    body["errors"] = [message(p) for p in result.problems]  # in the interface language
    return jsonify(**body, retranslating=queued)


@bp.get("/glossary/export")
def export_glossary():
    fmt = request.args.get("format", "tsv")
    if fmt not in glossary_files.FORMATS:
        abort(400, _("Unknown format %(fmt)s; known: %(known)s", fmt=fmt, known=", ".join(glossary_files.FORMATS)))
    mimetype, ext = glossary_files.FORMATS[fmt]
    data = glossary_files.write(search.search_all(get_session()), fmt)  # never truncated
    return Response(data, mimetype=mimetype,
                    headers={"Content-Disposition": f"attachment; filename=paralelo-glossary.{ext}"})


def change_dict(change) -> dict:
    return {
        "id": change.id, "entry": change.entry_id, "action": change.action, "who": visible_author(change.who),
        "at": change.at.isoformat() + "Z", "before": change.before, "after": change.after,
    }
