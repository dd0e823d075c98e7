"""Translated labels and formatters the templates use."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from babel import Locale
from flask_babel import format_date as babel_date
from flask_babel import format_datetime as babel_datetime
from flask_babel import get_locale, get_translations
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app.core.states import BUSY, ArticleStatus

from .authors import visible_author

STATUS = {
    ArticleStatus.FETCHING: _l("Fetching the page"),
    ArticleStatus.QUEUED: _l("Queued"),
    ArticleStatus.TRANSLATING: _l("Translating"),
    ArticleStatus.READY: _l("Ready"),
    ArticleStatus.FAILED: _l("Failed"),
}
# The states, handed to templates (and through a data attribute to the script) rather than retyped.
BUSY_STATUSES = [str(s) for s in BUSY]
DOMAIN = {
    "legal": _l("legal"),
    "immigration": _l("immigration"),
    "prison": _l("prison"),
    "human-rights": _l("human rights"),
    "institutions": _l("institutions"),
    "names": _l("names"),
    "security": _l("security"),
    "general": _l("general"),
    "number": _l("number"),
    "date": _l("date"),
    "template": _l("news template"),
    "translate": _l("glossary"),
    "keep": _l("name kept as is"),
}

ACTION = {
    "add": _l("added"),
    "edit": _l("edited"),
    "delete": _l("deleted"),
    "revert": _l("reverted"),
    "import": _l("updated from the bundle"),
}

ROLE = {"editor": _l("editor"), "admin": _l("admin")}

# Parts of speech of glossary entries (app.glossary.pos.POS).
POS = {
    "noun": _l("noun"),
    "name": _l("name"),
    "verb": _l("verb"),
    "adjective": _l("adjective"),
    "adverb": _l("adverb"),
    "any": _l("any part of speech"),
}

# An entry's fields as the form labels them, in the form's order (for what a revert changed).
ENTRY_FIELDS = {
    "source": _l("English term"), "target": _l("Spanish rendering"), "source_plural": _l("English plural"),
    "target_plural": _l("Spanish plural"), "kind": _l("Kind"), "domain": _l("Domain"), "gender": _l("Gender"),
    "number": _l("Number"), "pos": _l("Part of speech"), "case_sensitive": _l("Case-sensitive"),
    "note": _l("Note for readers"), "origin": _l("Where the rendering comes from"), "direction": _l("Used in"),
}

# The built-in accounts recorded as the author of a change (people's user names are shown as they are).
ACCOUNT = {"bundle": _l("bundled glossary"), "local": _l("local user"), "cli": _l("command line")}


def role_label(role: str) -> str:
    return str(ROLE.get(role, role))


def account_label(who: str) -> str:
    """A change's author for display: anonymous readers see a role, not a user name (app.web.authors)."""
    who = visible_author(who) or who
    return str(ACCOUNT.get(who, ROLE.get(who, who)))


def action_label(action: str) -> str:
    return str(ACTION.get(action, action))


def status_label(status: str) -> str:
    return str(STATUS.get(status, status))


def domain_label(domain: str) -> str:
    return str(DOMAIN.get(domain, domain))


def pos_label(pos: str) -> str:
    return str(POS.get(pos, pos))


def field_label(name: str) -> str:
    return str(ENTRY_FIELDS.get(name, name))


def locale_name(code: str) -> str:
    """'es-419' -> 'español (Latinoamérica)' in the interface language."""
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(get_locale()) or code
    except (ValueError, TypeError):
        return code


def format_datetime(value) -> str:
    return babel_datetime(value, "medium") if value else ""


def format_date(value) -> str:
    return babel_date(value, "long") if value else ""


def current_locale() -> str:
    return str(get_locale())


def article_label(article) -> str:
    """An article's title for lists, or for a web page never read (its title is still the address) "Page at host"."""
    if article.source_url and article.title == article.source_url:
        host = urlsplit(article.source_url).hostname or article.source_url
        return _("Page at %(site)s", site=host.removeprefix("www."))
    return article.title


def stored_message(text: str | None) -> tuple[str, str]:
    """(text, its language) for a message stored in English (a job's error), in the interface language when
    the catalog has its template: the values in it are recovered and put in the translated sentence."""
    if not text:
        return "", current_locale()
    translations = get_translations()
    catalog = getattr(translations, "_catalog", None) or {}
    if catalog.get(text):
        return translations.gettext(text), current_locale()
    for pattern, msgid in _templates(id(catalog), tuple(k for k in catalog if isinstance(k, str) and "%(" in k)):
        found = pattern.fullmatch(text)
        if found:
            return translations.gettext(msgid) % found.groupdict(), current_locale()
    return text, "en"


@lru_cache(maxsize=8)
def _templates(_catalog_id: int, msgids: tuple[str, ...]) -> list[tuple[re.Pattern, str]]:
    """A pattern per catalog message with %(name)s values, longest first (made once per catalog)."""
    found = []
    for msgid in sorted(msgids, key=len, reverse=True):
        parts = re.split(r"%\((\w+)\)s", msgid.replace("%%", "%"))
        if len(set(parts[1::2])) != len(parts[1::2]):
            continue  # a name used twice: not worth a back-reference
        regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
        found.append((re.compile(regex, re.S), msgid))
    return found


def lang_attr(code: str | None) -> Markup:
    """` lang="es"` for a language tag; nothing for a language not known yet (a page not read: "auto")."""
    if not code or code == "auto":
        return Markup("")
    return Markup(' lang="%s"') % code


HELPERS = {
    "lang_attr": lang_attr,
    "ArticleStatus": ArticleStatus,
    "busy_statuses": BUSY_STATUSES,
    "status_label": status_label,
    "action_label": action_label,
    "account_label": account_label,
    "role_label": role_label,
    "domain_label": domain_label,
    "pos_label": pos_label,
    "parts_of_speech": tuple(POS),
    "locale_name": locale_name,
    "format_datetime": format_datetime,
    "format_date": format_date,
    "current_locale": current_locale,
    "article_label": article_label,
    "stored_message": stored_message,
}
