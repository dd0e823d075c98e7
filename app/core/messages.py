"""Messages for people: English templates marked for translation, translated where they are shown.

Domain modules raise a UserError with an English msgid (marked with N_ so that `paralelo i18n
extract` finds it) and the values for its %(name)s placeholders. str(exc) is the English text the
CLI, the logs and the stored job errors use; the web layer shows translated(exc, gettext) in the
reader's language. No Flask here.
"""

from __future__ import annotations

from collections.abc import Callable


def N_(message: str) -> str:
    """Mark a message for extraction without translating it here."""
    return message


class UserError(ValueError):
    """An error a person can act on: an English msgid template and the values for its placeholders.

    `http_status` is what the web layer answers with (one handler maps every UserError).
    """

    http_status = 400

    def __init__(self, template: str, **params: object):
        self.template = template
        self.params = params
        # As Flask-Babel's gettext does: a template without values is not %-formatted.
        super().__init__(template % params if params else template)


def translated(exc: BaseException, gettext: Callable[..., str]) -> str:
    """The message in gettext's language (a value that is itself a UserError too); str(exc) otherwise."""
    if not isinstance(exc, UserError):
        return str(exc)
    params = {k: translated(v, gettext) if isinstance(v, UserError) else v for k, v in exc.params.items()}
    return gettext(exc.template, **params)
