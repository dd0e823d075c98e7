"""Which way an article is translated: its source language and its target language (or variant).

Sources are bare languages ("en", "es"): the analysers, segmenters and engines work per language, and
an article's own dialect changes none of them. Targets keep the Spanish variants readers choose
(es, es-419, es-SV, es-MX, es-US: numbers, dates and words differ); English output is plain "en"
(written the way U.S. news copy is: "March 16", "40,000", "$35"), because nothing Paralelo does to
English depends on a variant and a made-up "en-US" would only have to be mapped back everywhere.
One object carries the pair through import, the pipeline, the engines and the exports.
"""

from __future__ import annotations

from dataclasses import dataclass

from .messages import N_, UserError

SPANISH_VARIANTS = ("es", "es-419", "es-SV", "es-MX", "es-US")
ENGLISH_TARGETS = ("en",)
SOURCE_LANGS = ("en", "es")
# The targets each source can be translated into, the first being its default.
TARGETS = {"en": SPANISH_VARIANTS, "es": ENGLISH_TARGETS}


class DirectionError(UserError):
    """An unknown source language or a target the source cannot be translated into."""


def base(lang: str) -> str:
    """The language of a tag: "es-419" -> "es"."""
    return (lang or "").split("-", 1)[0].lower()


@dataclass(frozen=True)
class Direction:
    """A source language ("en" | "es") and a target ("en", or a Spanish variant)."""

    source: str = "en"
    target: str = "es"

    @classmethod
    def of(cls, article) -> Direction:
        """The direction an article records (old rows without a source language are English)."""
        return cls(article.source_lang or "en", article.target_lang or "es")

    @classmethod
    def make(cls, source: str | None, target: str | None, default_spanish: str = "es") -> Direction:
        """A checked direction; a missing target is the source's default (`default_spanish` for English)."""
        source = (source or "en").strip()
        if source not in SOURCE_LANGS:
            raise DirectionError(
                N_("Unknown source language '%(lang)s'; supported: %(known)s"),
                lang=source, known=", ".join(SOURCE_LANGS),
            )
        if not target:
            target = default_spanish if source == "en" else TARGETS[source][0]
        direction = cls(source, target.strip())
        direction.check()
        return direction

    def check(self) -> None:
        """Refuse a target the source cannot be translated into."""
        if self.source not in SOURCE_LANGS:
            raise DirectionError(
                N_("Unknown source language '%(lang)s'; supported: %(known)s"),
                lang=self.source, known=", ".join(SOURCE_LANGS),
            )
        if self.target not in TARGETS[self.source]:
            raise DirectionError(
                N_("Unknown target language '%(lang)s' for a source in '%(source)s'; supported: %(known)s"),
                lang=self.target, source=self.source, known=", ".join(TARGETS[self.source]),
            )

    @property
    def target_base(self) -> str:
        """The target's language without its variant: "es" or "en"."""
        return base(self.target)

    @property
    def pair(self) -> tuple[str, str]:
        """(source, target language): what engines are chosen by, e.g. ("es", "en")."""
        return self.source, self.target_base

    @property
    def to_english(self) -> bool:
        """True for Spanish articles read in English."""
        return self.target_base == "en"

    def __str__(self) -> str:
        return f"{self.source}->{self.target}"


FORWARD = Direction("en", "es")


def coerce(value: Direction | str) -> Direction:
    """A Direction from a Direction or from a bare target (the older calls): "en" is read from Spanish,
    any other target from English."""
    if isinstance(value, Direction):
        return value
    return Direction("es", "en") if value == "en" else Direction("en", value)
