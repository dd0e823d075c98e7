"""The states an article, a job and a translation can be in: one definition for Python, templates and JS."""

from __future__ import annotations

from enum import StrEnum


class ArticleStatus(StrEnum):
    FETCHING = "fetching"  # a URL import whose page is not read yet
    QUEUED = "queued"
    TRANSLATING = "translating"
    READY = "ready"
    FAILED = "failed"


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class JobReason(StrEnum):
    FETCH = "fetch"  # read a web page into the article, then queue its translation
    IMPORT = "import"  # translate what has no machine translation yet
    GLOSSARY = "glossary"  # re-translate the segments a glossary change touches
    RETRANSLATE = "retranslate"  # translate the whole article again
    ALIGN = "align"  # align an existing translation with the article (after its machine translation)


class Origin(StrEnum):
    MACHINE = "machine"
    TEMPLATE = "template"  # news furniture written by app.furniture, not by an engine
    HUMAN = "human"


# an article whose translation is under way
BUSY = (ArticleStatus.FETCHING, ArticleStatus.QUEUED, ArticleStatus.TRANSLATING)
