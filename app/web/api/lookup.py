"""Word lookup (an English word's Spanish equivalents from Apertium's dictionaries) and the engines."""

from __future__ import annotations

import subprocess

from flask import abort, current_app, jsonify, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.spanish.lookup import Dictionary, WordLookupError

from ..common import message
from ..security import limiter
from .base import bp

# Apertium's part-of-speech tags, as a reader would name them
POS = {
    "n": _l("noun"),
    "np": _l("proper noun"),
    "vblex": _l("verb"),
    "vbser": _l("verb"),
    "vbhaver": _l("verb"),
    "vbmod": _l("modal verb"),
    "vaux": _l("auxiliary verb"),
    "adj": _l("adjective"),
    "adv": _l("adverb"),
    "pr": _l("preposition"),
    "det": _l("determiner"),
    "prn": _l("pronoun"),
    "cnjcoo": _l("conjunction"),
    "cnjsub": _l("conjunction"),
    "cnjadv": _l("conjunction"),
    "num": _l("number"),
    "ij": _l("interjection"),
}


def dictionary(lang: str = "en") -> Dictionary:
    """One dictionary (and its result cache) per app and language looked up from."""
    key = "paralelo.lookup" if lang == "en" else f"paralelo.lookup.{lang}"
    words = current_app.extensions.get(key)
    if words is None:
        words = current_app.extensions.setdefault(key, Dictionary(lang=lang))
    return words


def lookup_limit() -> str:
    return current_app.config["RATELIMIT_LOOKUP"]


@bp.get("/lookup")
@limiter.limit(lookup_limit)  # a new word costs two lt-proc runs
def lookup():
    """A word's senses with their equivalents: ?word=...&lang=en (English -> Spanish) or lang=es."""
    lang = request.args.get("lang", "en")
    if lang not in ("en", "es"):
        abort(400, _("'lang' must be en or es."))
    words = dictionary(lang)
    if not words.available():
        abort(503, _("Word lookup needs Apertium's English-Spanish dictionaries (apertium-eng-spa)."))
    try:
        senses = words.lookup(request.args.get("word", ""))
    except WordLookupError as exc:
        return jsonify(error=message(exc)), 400
    except (subprocess.SubprocessError, OSError):
        current_app.logger.exception("word lookup failed")
        abort(503, _("The dictionary could not be read; try again later."))
    items = [dict(s.as_dict(), pos_label=str(POS.get(s.pos, s.pos))) for s in senses]
    response = jsonify(word=request.args["word"].strip(), lang=lang, senses=items)
    response.cache_control.public = True
    response.cache_control.max_age = 86400  # the dictionary changes only with the Debian package
    response.vary.update(("Accept-Language", "Cookie"))  # the part-of-speech labels are translated
    return response


@bp.get("/engines")
def engines():
    """Every engine, installed or not, with its version (LibreTranslate: each server's state)."""
    found = [e.describe() for e in current_app.extensions["paralelo.engines"].values()]
    return jsonify(setting=current_app.config["ENGINE"], engines=found)
