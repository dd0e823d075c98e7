"""SQLAlchemy models and engine set-up (SQLite by default, PostgreSQL by URL). No Flask here."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    select,
    text,
)
from sqlalchemy.engine import Engine as SAEngine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    relationship,
    sessionmaker,
    validates,
)

from .fileperms import private_file


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict: JSON, list: JSON}


class Article(Base):
    __tablename__ = "article"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    # a URL import's address while its page was fetched: the reader redirects it to `slug` (migration 0012)
    former_slug: Mapped[str | None] = mapped_column(String(120), nullable=True, index=True)
    title: Mapped[str] = mapped_column(Text)
    # the headline as written when `title` shows it in another case (an ALL-CAPS headline)
    original_title: Mapped[str | None] = mapped_column(Text, nullable=True)
    byline: Mapped[str] = mapped_column(Text, default="")
    source_lang: Mapped[str] = mapped_column(String(16), default="en")  # en | es ("auto" while a URL is fetched)
    target_lang: Mapped[str] = mapped_column(String(16), default="es")  # a Spanish variant, or en (app.core.direction)
    # the language of the edition written first, when an existing translation was aligned (migration 00xx_both)
    original_lang: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # an existing translation to align with (app.translation.aligned): its text until the alignment job
    # has run, and its address or name (the provenance of every aligned pair)
    edition_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    edition_source: Mapped[str | None] = mapped_column(Text, nullable=True)
    original_text: Mapped[str] = mapped_column(Text)
    engine: Mapped[str] = mapped_column(String(32), default="auto")  # requested engine
    status: Mapped[str] = mapped_column(String(16), default="queued")
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    translated_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # Where the article came from, when it was imported from a web page (migration 0006)
    source_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    site_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    author: Mapped[str | None] = mapped_column(Text, nullable=True)
    published: Mapped[date | None] = mapped_column(Date, nullable=True)
    # soft delete: hidden from lists, the API and the reader; an admin can restore it (app/article_admin.py)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True, index=True)
    deleted_by: Mapped[str | None] = mapped_column(String(80), nullable=True)

    segments: Mapped[list[Segment]] = relationship(
        back_populates="article", order_by="(Segment.paragraph, Segment.index)", cascade="all, delete-orphan"
    )


class Segment(Base):
    __tablename__ = "segment"
    __table_args__ = (UniqueConstraint("article_id", "paragraph", "index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    paragraph: Mapped[int] = mapped_column(Integer)
    index: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(Text)
    source_hash: Mapped[str] = mapped_column(String(40))

    article: Mapped[Article] = relationship(back_populates="segments")
    translations: Mapped[list[Translation]] = relationship(
        back_populates="segment", order_by="Translation.id", cascade="all, delete-orphan"
    )

    @property
    def key(self) -> str:
        return f"p{self.paragraph}.s{self.index}"

    @property
    def current(self) -> Translation | None:
        """The translation shown to readers: the current human edit, else the current machine one."""
        current = [t for t in self.translations if t.current]
        return current[-1] if current else None


class Translation(Base):
    __tablename__ = "translation"

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segment.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(16))  # machine | human
    engine: Mapped[str | None] = mapped_column(String(64), nullable=True)
    engine_version: Mapped[str | None] = mapped_column(String(128), nullable=True)
    glossary_revision: Mapped[int] = mapped_column(Integer, default=0)
    terms: Mapped[list] = mapped_column(JSON, default=list)
    unknown: Mapped[list] = mapped_column(JSON, default=list)  # source words the engine did not know
    author: Mapped[str | None] = mapped_column(String(80), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    stale: Mapped[bool] = mapped_column(Boolean, default=False)
    # Quality checks (app.translation.checks) as [{"check", "severity", "template", "params"}]; None: not
    # checked (a row older than migration "review")
    checks: Mapped[list | None] = mapped_column(JSON, nullable=True)
    # How sure its maker was (0..1): the engine, where it gives a score, or the aligner, for a pair taken
    # from an existing translation; None when neither gives one
    confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    # Review (app.translation.review): machine | reviewed | edited | approved (app.core.states.ReviewStatus)
    review_status: Mapped[str] = mapped_column(String(16), default=lambda ctx: _first_review(ctx),
                                               server_default="machine")
    reviewed_by: Mapped[str | None] = mapped_column(String(80), nullable=True)  # who read it and kept it
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    approved_by: Mapped[str | None] = mapped_column(String(80), nullable=True)  # the second person
    approved_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    segment: Mapped[Segment] = relationship(back_populates="translations")


def _first_review(context) -> str:
    """A new translation's review status: edited when a person wrote it, machine otherwise."""
    return "edited" if context.get_current_parameters().get("origin") == "human" else "machine"


class GlossaryEntry(Base):
    __tablename__ = "glossary_entry"
    # one live entry per source in any case (Unicode-aware, so "Élan" and "élan" clash too):
    # concurrent adds of the same term cannot both land
    __table_args__ = (
        Index(
            "uq_glossary_live_key",
            "source_key",
            unique=True,
            sqlite_where=text("deleted = 0"),
            postgresql_where=text("deleted = false"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(200))
    source_key: Mapped[str] = mapped_column(String(200), default="")  # source_key(source), kept in step
    target: Mapped[str] = mapped_column(String(300))
    source_plural: Mapped[str | None] = mapped_column(String(200), nullable=True)
    target_plural: Mapped[str | None] = mapped_column(String(300), nullable=True)
    kind: Mapped[str] = mapped_column(String(16), default="translate")  # translate | keep
    case_sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    gender: Mapped[str | None] = mapped_column(String(1), nullable=True)
    number: Mapped[str | None] = mapped_column(String(2), nullable=True)
    domain: Mapped[str] = mapped_column(String(32), default="general")
    # part of speech a match must have in its sentence: noun | name | verb | adjective | adverb | any
    pos: Mapped[str] = mapped_column(String(16), default="any", server_default="any")
    # both: enforced in English and in Spanish articles; en-es / es-en: only from that language
    direction: Mapped[str] = mapped_column(String(8), default="both", server_default="both")
    note: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")  # glossary_search.search_text(), kept in step
    bundled: Mapped[bool] = mapped_column(Boolean, default=False)  # shipped with the app
    edited: Mapped[bool] = mapped_column(Boolean, default=False)  # changed by a user since
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    revision: Mapped[int] = mapped_column(Integer, default=0)  # glossary revision of last change
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


    @validates("source")
    def _keep_key(self, _name: str, value: str) -> str:
        self.source_key = source_key(value)
        return value


def source_key(source: str) -> str:
    """How sources compare for duplicates: Unicode case-folded, white space collapsed."""
    return " ".join((source or "").split()).casefold()


class GlossaryChange(Base):
    """One change to the glossary; its id is the glossary revision it produced."""

    __tablename__ = "glossary_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("glossary_entry.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))  # add | edit | delete | revert | import
    who: Mapped[str] = mapped_column(String(80), default="system")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    before: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict | None] = mapped_column(JSON, nullable=True)


class Job(Base):
    """A translation job: a whole article, or some of its segments after a glossary change."""

    __tablename__ = "job"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    segment_ids: Mapped[list | None] = mapped_column(JSON, nullable=True)  # None: all untranslated
    reason: Mapped[str] = mapped_column(String(32), default="import")
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued|running|done|failed
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # Which worker runs it, and when that worker last showed it is alive: a job whose heartbeat
    # goes stale (its process died) is queued again; a live one is never run twice.
    owner: Mapped[str | None] = mapped_column(String(120), nullable=True)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    done: Mapped[int] = mapped_column(Integer, default=0)  # sentences translated so far
    total: Mapped[int] = mapped_column(Integer, default=0)
    # A failed run is retried with back-off: how many runs failed, and when the next may start.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    run_after: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class SegmentToken(Base):
    """A normalised word of a segment's source: the index app.glossary.term_index looks glossary terms up in."""

    __tablename__ = "segment_token"
    __table_args__ = (Index("ix_segment_token_token", "token"),)

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    segment_id: Mapped[int] = mapped_column(
        ForeignKey("segment.id", ondelete="CASCADE"), primary_key=True, index=True
    )




def make_engine(url: str, busy_timeout: float = 15) -> SAEngine:
    """Create the SQLAlchemy engine; SQLite gets WAL, a busy timeout and foreign keys.

    Writes are short (chunked), so a writer waits at most `busy_timeout` seconds for the lock;
    app.core.uow retries after that, and a request that still cannot write gets a 503.
    """
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///").split("?", 1)[0]
        if path and path != ":memory:" and not path.startswith("file:"):
            private_file(path)  # 0600 before SQLite creates it (its -wal and -shm follow suit)
        engine = create_engine(url, connect_args={"timeout": busy_timeout, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" event below opens transactions
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        # One writer at a time inside this process, queued on a lock, before SQLite's own lock:
        # SQLite's busy handler polls with sleeps, so a writer that commits and begins again at
        # once (a long job's next chunk) could starve the others; a lock wakes the next waiter.
        writer_lock = threading.Lock()

        @event.listens_for(engine, "begin")
        def _begin(conn):
            # Writers take the write lock up front: a deferred transaction that reads and then
            # writes fails at once with SQLITE_BUSY when another writer got in first (no busy
            # wait then). Readers stay deferred, so in WAL mode they never block anyone.
            immediate = conn.get_execution_options().get("paralelo_writer")
            if immediate:
                if not writer_lock.acquire(timeout=busy_timeout):
                    raise OperationalError("BEGIN IMMEDIATE", None, sqlite3.OperationalError("database is locked"))
                conn.info["paralelo_writer_lock"] = True
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
            except BaseException:
                _release(conn)
                raise

        def _release(conn, *_args):
            if conn.info.pop("paralelo_writer_lock", False):
                writer_lock.release()

        event.listen(engine, "commit", _release)
        event.listen(engine, "rollback", _release)

        @event.listens_for(engine.pool, "checkin")
        def _checkin(_dbapi_conn, record):
            # a connection handed back mid-transaction (its rollback raised): never keep the lock
            if record.info.pop("paralelo_writer_lock", False):
                writer_lock.release()

        return engine
    return create_engine(url, pool_pre_ping=True)


def session_factory(engine: SAEngine, writer: bool = False) -> sessionmaker[Session]:
    """Sessions for reading, or (writer=True) for transactions that will write."""
    bind = engine.execution_options(paralelo_writer=True) if writer else engine
    return sessionmaker(bind, expire_on_commit=False)


def glossary_revision(session: Session) -> int:
    """The current glossary revision: the id of the latest change (0 for none)."""
    return session.scalar(select(func.max(GlossaryChange.id))) or 0


class TMUnit(Base):
    """One human translation in the translation memory (post-edit, imported unit or OmegaT)."""

    __tablename__ = "tm_unit"
    __table_args__ = (
        UniqueConstraint("source_key", "target_key", "locale", name="uq_tm_unit_pair"),
        Index("ix_tm_unit_lookup", "source_key", "locale"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_key: Mapped[str] = mapped_column(String(64))  # tm.key(source): hash of the normalised text
    source: Mapped[str] = mapped_column(Text)  # normalised: NFC, white space collapsed, case kept
    target: Mapped[str] = mapped_column(Text)
    target_key: Mapped[str] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(16))
    origin: Mapped[str] = mapped_column(String(16))  # post-edit | import | omegat
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("article.id", ondelete="SET NULL"), nullable=True
    )
    prev_key: Mapped[str | None] = mapped_column(String(64), nullable=True)  # neighbours, for context
    next_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    author: Mapped[str | None] = mapped_column(String(80), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    article: Mapped[Article | None] = relationship()


class StudyItem(Base):
    """A word, term or phrase a signed-in person saved to study, with its sentence in both languages.

    Readers without an account keep the same items in their browser (app/static/reader/study.js).
    """

    __tablename__ = "study_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(80), index=True)  # the account's user name ("local" in local mode)
    front: Mapped[str] = mapped_column(Text)  # the word or phrase as read
    back: Mapped[str] = mapped_column(Text, default="")  # what it means in the other language
    context: Mapped[str] = mapped_column(Text, default="")  # the sentence, in both languages
    lang: Mapped[str] = mapped_column(String(16), default="en")  # the language of `front`
    article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id", ondelete="SET NULL"), nullable=True)
    segment_key: Mapped[str | None] = mapped_column(String(32), nullable=True)  # p3.s1: the sentence's link
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class User(Base):
    """An editor or admin; readers need no account."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="editor")  # editor | admin
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Stored in the session cookie at login; logout and a password change bump it, which ends
    # every cookie issued before (a signed cookie cannot be recalled otherwise).
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ApiToken(Base):
    """A bearer token for the API; only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    name: Mapped[str] = mapped_column(String(80), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)

    user: Mapped[User] = relationship()


class EditSubstitution(Base):
    """One word-level substitution a person made to a machine translation (app.translation.learning).

    Recorded at every post-edit against the machine text the person saw; only those of a sentence's
    current human translation count when suggestions are mined.
    """

    __tablename__ = "edit_substitution"

    id: Mapped[int] = mapped_column(primary_key=True)
    translation_id: Mapped[int] = mapped_column(ForeignKey("translation.id", ondelete="CASCADE"), index=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segment.id", ondelete="CASCADE"), index=True)
    machine: Mapped[str] = mapped_column(String(200))  # the machine's words, as written
    human: Mapped[str] = mapped_column(String(200))  # what the person wrote instead
    machine_key: Mapped[str] = mapped_column(String(200), index=True)  # normalised (learning.normal)
    human_key: Mapped[str] = mapped_column(String(200))
    position: Mapped[float] = mapped_column(Float, default=0.0)  # where in the machine sentence (0..1)


class SuggestionDecision(Base):
    """What an editor decided about a learned suggestion (its key: English, machine and human words)."""

    __tablename__ = "suggestion_decision"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))  # accepted | dismissed (app.core.states.SuggestionStatus)
    source: Mapped[str] = mapped_column(String(200))
    target: Mapped[str] = mapped_column(String(300))
    machine: Mapped[str] = mapped_column(String(200), default="")
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("glossary_entry.id"), nullable=True)
    who: Mapped[str] = mapped_column(String(80), default="system")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
