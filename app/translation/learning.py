"""What editors change: word-level substitutions between a machine translation and the post-edit of it.

At every post-edit the machine text the editor saw and the text they saved are compared word by word
(Levenshtein on tokens, rapidfuzz); each run of changed words becomes a substitution ("frase" ->
"condena"), trimmed of the articles and prepositions around it (the glossary's agreement puts those
right by itself). Insertions and deletions alone, and rewrites longer than MAX_WORDS, are not
learnable substitutions. app.translation.suggestions mines the rows kept here. Nothing here commits.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import Levenshtein
from sqlalchemy.orm import Session

from app.core.models import EditSubstitution, Translation

TOKEN = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*|[^\w\s]")
MAX_WORDS = 3
# articles, prepositions, pronouns and the auxiliaries: grammar the glossary cannot fix, trimmed off a change
FUNCTION_WORDS = frozenset("""a al ante bajo con contra de del desde durante e el en entre hacia hasta la las lo los
mediante ni o para por que se según sin so sobre su sus tras u un una unas uno unos y le les me te nos
es son era eran fue fueron sea sean será serán sería serían ser sido está están estaba estaban estuvo estuvieron
esté estén estará estarán estar estado ha han había habían habrá habrán haber hay""".split())


def tokens(text: str) -> list[str]:
    """Words and punctuation marks of a text."""
    return TOKEN.findall(unicodedata.normalize("NFC", text or ""))


def normal(text: str) -> str:
    """How substitutions are compared: case folded, white space collapsed."""
    return " ".join(text.casefold().split())


def _trim(words: list[str]) -> list[str]:
    while words and (words[0].casefold() in FUNCTION_WORDS or not words[0][0].isalnum()):
        words = words[1:]
    while words and (words[-1].casefold() in FUNCTION_WORDS or not words[-1][0].isalnum()):
        words = words[:-1]
    return words


def substitutions(machine: str, human: str) -> list[tuple[str, str, float]]:
    """(machine words, human words, position of the change in the machine text from 0 to 1) for each change."""
    old, new = tokens(machine), tokens(human)
    folded_old, folded_new = [w.casefold() for w in old], [w.casefold() for w in new]
    blocks: list[list[int]] = []  # [old start, old end, new start, new end] of runs of changes
    for op in Levenshtein.opcodes(folded_old, folded_new):
        if op.tag == "equal":
            continue
        if blocks and blocks[-1][1] == op.src_start and blocks[-1][3] == op.dest_start:
            blocks[-1][1], blocks[-1][3] = op.src_end, op.dest_end
        else:
            blocks.append([op.src_start, op.src_end, op.dest_start, op.dest_end])
    out = []
    for a, b, c, d in blocks:
        was, now = _trim(old[a:b]), _trim(new[c:d])
        if not was or not now or len(was) > MAX_WORDS or len(now) > MAX_WORDS:
            continue
        if normal(" ".join(was)) == normal(" ".join(now)):
            continue
        out.append((" ".join(was), " ".join(now), a / max(len(old), 1)))
    return out


def record(session: Session, edit: Translation, machine: Translation | None) -> list[EditSubstitution]:
    """Keep the substitutions of a post-edit against the machine translation it replaced (none without one)."""
    if machine is None or machine.origin == "human":
        return []
    rows = [
        EditSubstitution(translation_id=edit.id, segment_id=edit.segment_id, machine=was[:200], human=now[:200],
                         machine_key=normal(was)[:200], human_key=normal(now)[:200], position=position)
        for was, now, position in substitutions(machine.text, edit.text)
    ]
    session.add_all(rows)
    return rows
