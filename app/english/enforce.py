"""Put fixed English renderings (glossary terms, dates, numbers) into engine output: the twin of
app.spanish.enforce for Spanish articles. English has no determiner agreement to repair, but "a" and
"an" follow the sound of the next word, and a term opening a sentence takes a capital."""

from __future__ import annotations

import re

from app.core.terms import Term

# Words spelt with a vowel that start with a consonant sound, and the reverse.
_YOU_SOUND = re.compile(r"(?i)^(?:uni(?!nt|mp|nst|ndic|nhab)|use|usu|ura|uro|eu|ewe|one\b|once\b|ubiq|uk|ute)")
_SILENT_H = re.compile(r"(?i)^(?:hour|honest|honor|honour|heir|herb)")
# Letters named with a vowel sound: "an FBI agent", "an MS-13 member", "a U.S. judge", "an NGO".
_VOWEL_LETTERS = set("AEFHILMNORSX")
_ARTICLE = re.compile(r"(?<![\w'’])([Aa]n?)(\s+)([\"“‘(]?)([\w.’'-]+)")
_SENTENCE_START = re.compile(r"(^|[.!?:]\s)[\s\"'“‘«¿¡(\[—–-]*$")


def article_for(word: str) -> str:
    """ "a" or "an" before a word, by its first sound (initialisms by the name of their first letter)."""
    bare = word.strip("\"“‘(")
    if not bare:
        return "a"
    letters = bare.replace(".", "").replace("-", "")
    if len(letters) >= 2 and letters[:2].isupper() and not letters[:4].istitle():  # FBI, MS-13, U.S., NGO
        return "an" if letters[0] in _VOWEL_LETTERS else "a"
    if bare[0].isdigit():
        return "an" if re.match(r"(8|11|18)(?!\d)|8\d", bare) else "a"
    if _SILENT_H.match(bare):
        return "an"
    if bare[0].lower() in "aeiou" and not _YOU_SOUND.match(bare):
        return "an"
    return "a"


def fix_articles(text: str) -> str:
    """Every "a"/"an" made to fit the word after it."""
    def fix(m: re.Match) -> str:
        wanted = article_for(m.group(4))
        if wanted == m.group(1).lower():
            return m.group(0)
        if m.group(1)[0] == "A":
            wanted = wanted.capitalize()
        return wanted + m.group(2) + m.group(3) + m.group(4)

    return _ARTICLE.sub(fix, text)


def restore(text: str, placeholders: dict[str, Term]) -> str:
    """Replace each placeholder in engine output by its English term, capitalised at a sentence start."""
    if not placeholders:
        return text
    pattern = re.compile("|".join(re.escape(p) for p in sorted(placeholders, key=len, reverse=True)))
    out: list[str] = []
    pos = 0
    for m in pattern.finditer(text):
        target = placeholders[m.group(0)].target
        before = "".join(out) + text[pos : m.start()]
        if _SENTENCE_START.search(before) and target[:1].islower():
            target = target[0].upper() + target[1:]
        out = [before, target]
        pos = m.end()
    out.append(text[pos:])
    return fix_articles("".join(out))
