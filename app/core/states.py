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
    TEMPLATE = "template"  # news furniture written by app.intake.furniture, not by an engine
    HUMAN = "human"


# an article whose translation is under way
BUSY = (ArticleStatus.FETCHING, ArticleStatus.QUEUED, ArticleStatus.TRANSLATING)


class ReviewStatus(StrEnum):
    """Where a sentence's current translation stands with people (issue 25)."""

    MACHINE = "machine"  # nobody has read it here yet (machine, template or memory text)
    REVIEWED = "reviewed"  # a person read it and kept it
    EDITED = "edited"  # a person changed it (a post-edit, an OmegaT import)
    APPROVED = "approved"  # a second person confirmed a reviewed or edited sentence


# the statuses a person has read: what exports with ?reviewed=only keep
READ_BY_A_PERSON = (ReviewStatus.REVIEWED, ReviewStatus.EDITED, ReviewStatus.APPROVED)


class Severity(StrEnum):
    """How bad a failed check is: an error changes the meaning, a warning may."""

    ERROR = "error"
    WARNING = "warning"


class SuggestionStatus(StrEnum):
    """What editors decided about a suggestion learned from post-edits."""

    ACCEPTED = "accepted"
    DISMISSED = "dismissed"
