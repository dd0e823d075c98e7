"""`paralelo worker`: run translation jobs in a process of their own."""

from __future__ import annotations

import logging
import signal

import click
from flask import current_app
from flask.cli import with_appcontext

from app.translation.jobs import Worker

from .common import job_settings, readers, sessions

log = logging.getLogger(__name__)


@click.command("worker")
@click.option("--max-jobs", type=click.IntRange(min=1), help="Stop after this many jobs (default: run until stopped).")
@click.option("--poll", type=click.FloatRange(min=0.1, max=60), default=1.0, show_default=True,
              help="Seconds between looks for new jobs on SQLite (PostgreSQL workers are woken by NOTIFY).")
@click.option("--burst", is_flag=True, help="Stop when no job is due (for cron, scripts and tests).")
@with_appcontext
def worker(max_jobs: int | None, poll: float, burst: bool) -> None:
    """Run translation jobs until stopped; SIGTERM finishes the current chunk and hands the job back.

    Run any number of workers, on any machine that reaches the database; set PARALELO_WORKERS=external
    on the web processes so that only workers translate.
    """
    runner = Worker(sessions(), current_app.extensions["paralelo.engines"], job_settings(), readers(), poll=poll,
                    listen_url=current_app.config["DATABASE_URL"])

    def stop(signum, _frame) -> None:
        log.info("worker %s: signal %s, stopping after the current chunk", runner.owner, signum)
        runner.stop.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    click.echo(f"worker {runner.owner} running jobs (Ctrl-C or SIGTERM to stop)", err=True)
    ran = runner.serve(max_jobs, burst)
    click.echo(f"worker {runner.owner} stopped after {ran} job(s)", err=True)
