"""What every runner of jobs is given: retries, fetch limits, import limits, workers and heartbeats.

Built once from the configuration (`JobSettings.from_config`) and handed to every runner: the web
process's JobRunner, `paralelo worker` and the CLI's own runs, so that none of them falls back to
defaults the configuration changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.config import DEFAULTS
from app.intake.fetch import FetchSettings
from app.intake.importer import Limits


@dataclass(frozen=True)
class Retry:
    """How a failed run is retried: `attempts` runs in all, waiting `delay` seconds, then 6x more each time."""

    attempts: int = DEFAULTS["JOB_MAX_ATTEMPTS"]
    delay: float = DEFAULTS["JOB_RETRY_DELAY"]

    def wait(self, failures: int) -> float:
        return self.delay * 6 ** (failures - 1)


@dataclass(frozen=True)
class JobSettings:
    """The settings of every job runner, from the configuration (defaults: app.config.DEFAULTS)."""

    retry: Retry = field(default_factory=Retry)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    limits: Limits = field(default_factory=Limits)
    workers: int = DEFAULTS["JOB_WORKERS"]
    stale_after: float = DEFAULTS["JOB_STALE_SECONDS"]
    chunk_size: int = 32  # sentences per chunk: one short write transaction, one heartbeat

    @property
    def beat_every(self) -> float:
        """Seconds between heartbeats while a chunk runs: well inside the stale limit."""
        return self.stale_after / 4

    @classmethod
    def from_config(cls, config: Mapping) -> JobSettings:
        return cls(
            retry=Retry(int(config["JOB_MAX_ATTEMPTS"]), float(config["JOB_RETRY_DELAY"])),
            fetch=FetchSettings.from_config(config),
            limits=Limits.from_config(config),
            workers=int(config["JOB_WORKERS"]),
            stale_after=float(config["JOB_STALE_SECONDS"]),
        )
