"""Every setting in one place: defaults, PARALELO_* variables, types, and clear errors."""

from __future__ import annotations

import pytest

from app import config
from app.intake.fetch import FetchSettings
from app.intake.importer import Limits
from app.translation.jobs import JobSettings


def settings(tmp_path, **env):
    return config.from_env(str(tmp_path), {"PARALELO_SECRET_KEY": "k", **env})


def test_every_default_can_be_set_by_its_variable(tmp_path):
    conf = settings(tmp_path, PARALELO_JOB_MAX_ATTEMPTS="5", PARALELO_JOB_RETRY_DELAY="0.5",
                    PARALELO_FETCH_ALLOW_PRIVATE="1", PARALELO_RATELIMIT_URL_IMPORT="5/hour",
                    PARALELO_RATELIMIT_LOOKUP="30/minute", PARALELO_FETCH_CONNECT_TIMEOUT="2",
                    PARALELO_LIBRETRANSLATE_URL="http://a:5000, http://b:5000", PARALELO_TARGET_LANG="es-SV",
                    PARALELO_RATELIMIT="0", PARALELO_SEED="0", PARALELO_WORKERS="EXTERNAL")
    assert conf["JOB_MAX_ATTEMPTS"] == 5 and conf["JOB_RETRY_DELAY"] == 0.5
    assert conf["FETCH_ALLOW_PRIVATE"] is True and conf["FETCH_CONNECT_TIMEOUT"] == 2.0
    assert conf["RATELIMIT_URL_IMPORT"] == "5/hour" and conf["RATELIMIT_LOOKUP"] == "30/minute"
    assert conf["LIBRETRANSLATE_URLS"] == ["http://a:5000", "http://b:5000"]
    assert conf["DEFAULT_TARGET_LANG"] == "es-SV" and conf["WORKERS"] == "external"
    assert conf["RATELIMIT_ENABLED"] is False and conf["SEED_ON_START"] is False


@pytest.mark.parametrize(("variable", "value", "says"), [
    ("PARALELO_JOB_MAX_ATTEMPTS", "three", "PARALELO_JOB_MAX_ATTEMPTS must be a whole number"),
    ("PARALELO_FETCH_TIMEOUT", "-1", "cannot be negative"),
    ("PARALELO_FETCH_ALLOW_PRIVATE", "maybe", "must be a 1 or 0"),
    ("PARALELO_AUTH", "sometimes", "must be one of on, off"),
    ("PARALELO_ENGINE", "deepl", "must be one of auto, argos, apertium, libretranslate"),
])
def test_a_bad_value_stops_the_start_with_the_variable_named(tmp_path, variable, value, says):
    with pytest.raises(ValueError, match=says):
        settings(tmp_path, **{variable: value})


def test_job_settings_come_from_the_configuration_for_every_runner(tmp_path):
    conf = settings(tmp_path, PARALELO_JOB_MAX_ATTEMPTS="1", PARALELO_FETCH_MAX_BYTES="1000",
                    PARALELO_MAX_ARTICLE_SENTENCES="7", PARALELO_JOB_STALE_SECONDS="30")
    job = JobSettings.from_config(conf)
    assert job.retry.attempts == 1 and job.fetch.max_bytes == 1000 and job.limits.max_sentences == 7
    assert job.stale_after == 30 and job.beat_every == 7.5


def test_dataclass_defaults_are_the_configuration_defaults():
    assert FetchSettings().total_timeout == config.DEFAULTS["FETCH_TIMEOUT"]
    assert Limits().max_bytes == config.DEFAULTS["MAX_ARTICLE_BYTES"]
    assert JobSettings().retry.attempts == config.DEFAULTS["JOB_MAX_ATTEMPTS"]
