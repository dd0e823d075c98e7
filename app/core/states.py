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


class Origin(StrEnum):
    MACHINE = "machine"
    TEMPLATE = "template"  # news furniture written by app.furniture, not by an engine
    HUMAN = "human"


# an article whose translation is under way
BUSY = (ArticleStatus.FETCHING, ArticleStatus.QUEUED, ArticleStatus.TRANSLATING)


class ReviewStatus(StrEnum):
    """How far a person has checked a sentence's translation (issue 25 refines how each is reached)."""

    MACHINE = "machine"  # nobody has looked at it
    REVIEWED = "reviewed"  # a person read it and kept it
    EDITED = "edited"  # a person wrote or corrected it
    APPROVED = "approved"  # a second person approved it


# the statuses a person has given: what the reader's notice counts and marks
BY_A_PERSON = (ReviewStatus.REVIEWED, ReviewStatus.EDITED, ReviewStatus.APPROVED)
