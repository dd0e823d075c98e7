"""The job lifecycle: queue, claim, heartbeat, run in chunks, retry, fail, sweep; and the runners.

Jobs are database rows; no broker is needed. Every caller (web views, the CLI, `paralelo worker`, the
web process's JobRunner) uses these functions and one JobSettings built from the configuration. A
job is claimed atomically and beats a heartbeat while it runs; a job whose heartbeat goes stale (its
process died) is queued again by the next sweep and resumes where it stopped.

  queue.py          enqueue an import, a fetch, a re-translation, a Retry, a glossary change's work
  claims.py         claim, heartbeat, release, sweep
  run.py            run a claimed job of any kind; failures of any kind, retries; run_queued (the CLI)
  translate_job.py  the translation job, chunk by chunk
  fetch_job.py      the fetch job of a URL import
  runners.py        JobRunner (threads of the web process) and Worker (`paralelo worker`)
  settings.py       JobSettings and Retry
"""

from .claims import claim, claim_next, release, sweep, worker_id
from .queue import (
    JobError,
    after_glossary_change,
    enqueue_fetch,
    enqueue_import,
    enqueue_new,
    enqueue_sentences,
    import_and_queue,
    retranslate,
    retry_failed,
)
from .run import failed, run, run_queued
from .runners import JobRunner, Worker
from .settings import JobSettings, Retry

__all__ = [
    "JobError", "JobRunner", "JobSettings", "Retry", "Worker", "after_glossary_change", "claim", "claim_next",
    "enqueue_fetch", "enqueue_import", "enqueue_new", "enqueue_sentences", "failed", "import_and_queue", "release",
    "retranslate", "retry_failed", "run", "run_queued", "sweep", "worker_id",
]
