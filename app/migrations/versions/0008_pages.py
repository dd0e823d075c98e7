"""Accent-insensitive glossary search (a normalised search_text column) and soft-deleted articles.

Revision ID: 0008
Revises: 0009
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("glossary_entry") as batch:
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("article") as batch:
        batch.add_column(sa.Column("deleted_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("deleted_by", sa.String(length=80), nullable=True))
        batch.create_index("ix_article_deleted_at", ["deleted_at"])
    conn = op.get_bind()
    fields = ("id", "source", "target", "source_plural", "target_plural", "kind", "case_sensitive",
              "gender", "number", "domain", "note")
    entries = sa.table("glossary_entry", *(sa.column(f) for f in fields), sa.column("search_text"))
    for row in conn.execute(sa.select(*(entries.c[f] for f in fields))).mappings().all():
        conn.execute(entries.update().where(entries.c.id == row["id"])
                     .values(search_text=search_text(dict(row))))


# --- a frozen copy of app.glossary.search.search_text as it was at revision 0008 --------------------
# (a migration never imports live app code)

_ES_PREPOSITIONS = {"de", "del", "para", "en", "con", "a", "al", "por", "sin", "contra", "sobre", "entre"}


def _normalise(text: str | None) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().split())


def _es_word_plural(word: str) -> str:
    if not word or not word[-1].isalpha():
        return word
    last = word[-1].lower()
    if last in "aeiouáéó":
        return word + "s"
    if last in "íú":
        return word + "es"
    if last == "z":
        return word[:-1] + "ces"
    if last in "sx" and len(word) > 3 and word[-2].lower() in "aeiou" and not any(c in "áéíóú" for c in word[-3:]):
        return word
    if len(word) > 2 and word[-2] in "áéíóú" and last in "ns":
        return word[:-2] + word[-2].translate(str.maketrans("áéíóú", "aeiou")) + last + "es"
    return word + "es"


def _es_plural(phrase: str) -> str:
    words, out = phrase.split(" "), []
    for i, word in enumerate(words):
        if word.lower() in _ES_PREPOSITIONS:
            return " ".join(out + words[i:])
        out.append(_es_word_plural(word))
    return " ".join(out)


def _en_plural(phrase: str) -> str:
    words = phrase.split(" ")
    head = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
    word, lower = words[head], words[head].lower()
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        words[head] = word + "es"
    elif lower.endswith("y") and len(word) > 1 and lower[-2] not in "aeiou":
        words[head] = word[:-1] + "ies"
    elif lower.endswith("man"):
        words[head] = word[:-3] + "men"
    else:
        words[head] = word + "s"
    return " ".join(words)


def search_text(row: dict) -> str:
    """Every source and target form of the entry (plurals given or derived) and its note, normalised."""
    parts = [row["source"], row["target"]]
    plural_src, plural_tgt = row["source_plural"], row["target_plural"]
    if (row["kind"] or "translate") == "translate" and row["gender"] and not plural_tgt:
        plural_tgt = _es_plural(row["target"])
    if plural_tgt and not plural_src:
        plural_src = _en_plural(row["source"])
    if plural_src and plural_tgt and plural_src.lower() != row["source"].lower():
        parts += [plural_src, plural_tgt]
    parts += [row["source_plural"], row["target_plural"], row["note"]]
    seen: list[str] = []
    for part in map(_normalise, parts):
        if part and part not in seen:
            seen.append(part)
    return "\n".join(seen)


def downgrade() -> None:
    with op.batch_alter_table("article") as batch:
        batch.drop_index("ix_article_deleted_at")
        batch.drop_column("deleted_by")
        batch.drop_column("deleted_at")
    with op.batch_alter_table("glossary_entry") as batch:
        batch.drop_column("search_text")
