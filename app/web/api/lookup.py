"""Word lookup (the glossary first, then Apertium's dictionaries) and the engines."""

from __future__ import annotations

import subprocess

from flask import abort, current_app, jsonify, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.glossary.lookup import entries_for
from app.glossary.matcher import MAX_SOURCE_CHARS, load_matcher
from app.spanish.lookup import WORD, Dictionary, WordLookupError

from ..common import message
from ..db import get_session
from ..labels import domain_label
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
    """A word or phrase of the article's language (?lang=en, the default, or es): the glossary's entries first
    (any form the matcher knows; Spanish through the glossary read in reverse), then, for one word, the
    dictionary's senses.
    {"word", "lang", "glossary": [...], "senses": [...]}"""
    lang = request.args.get("lang", "en")
    if lang not in ("en", "es"):
        abort(400, _("'lang' must be en or es."))
    text = " ".join(request.args.get("word", "").split())
    if not text:
        abort(400, _("Give a word to look up."))
    if len(text) > MAX_SOURCE_CHARS:
        abort(400, _("Look up at most %(max)s characters.", max=MAX_SOURCE_CHARS))
    glossary = [dict(item, domain_label=domain_label(item["domain"]))
                for item in entries_for(load_matcher(get_session()), text, lang)]
    senses, error = [], None
    words = dictionary(lang)
    if WORD.fullmatch(text):
        if words.available():
            try:
                senses = words.lookup(text)
            except WordLookupError as exc:
                error = message(exc)
            except (subprocess.SubprocessError, OSError):
                current_app.logger.exception("word lookup failed")
                error = _("The dictionary could not be read; try again later.")
        elif not glossary:
            abort(503, _("Word lookup needs Apertium's English-Spanish dictionaries (apertium-eng-spa)."))
    elif not glossary:
        abort(400, _("The glossary has no entry in this text, and the dictionary looks up single words only."))
    items = [dict(s.as_dict(), pos_label=str(POS.get(s.pos, s.pos))) for s in senses]
    response = jsonify(word=text, lang=lang, glossary=glossary, senses=items, **({"error": error} if error else {}))
    # the glossary changes: revalidate every time (a 304 when nothing did)
    response.cache_control.no_cache = True
    response.cache_control.public = True
    response.vary.update(("Accept-Language", "Cookie"))  # the labels are translated
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/engines")
def engines():
    """Every engine, installed or not, with its version (LibreTranslate: each server's state)."""
    found = [e.describe() for e in current_app.extensions["paralelo.engines"].values()]
    return jsonify(setting=current_app.config["ENGINE"], engines=found)
