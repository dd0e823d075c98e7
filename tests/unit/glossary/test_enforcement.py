"""The glossary overrides the real engine: term accuracy on the bundled article with Apertium."""

from __future__ import annotations

from app.cli import main
from app.core.models import Article
from app.core.terms import accuracy
from app.translation import evaluate
from tests.support.app import make_app, translate_now


def test_seed_article_term_accuracy_is_100_percent(tmp_path, apertium, seed_text):
    app = make_app(tmp_path, {"apertium": apertium}, RUN_JOBS=False)
    sessions = app.extensions["paralelo.db"]
    article_id = translate_now(app, seed_text, target_lang="es-419")
    with sessions() as session:
        article = session.get(Article, article_id)
        reports = [s.current.terms for s in article.segments]
        hits, total = accuracy(reports)
        assert total >= 100 and hits == total
        text = {s.key: s.current.text for s in article.segments}
        base_hits, base_total = evaluate.baseline_accuracy(session, article, apertium)
    assert base_total == total and base_hits < total  # the engine alone gets many terms wrong
    assert "Ley de Enemigos Extranjeros" in text["p19.s0"] and "Alienígena" not in text["p19.s0"]
    assert "Trump" in text["p20.s1"] and "Triunfo" not in " ".join(text.values())
    assert "Tren de Aragua" in text["p20.s1"]
    assert "Centro de Confinamiento del Terrorismo" in text["p5.s1"]
    assert "17 de marzo de 2025" in text["p1.s0"]  # dates follow the locale, not "Marcha 17"
    assert text["p6.s0"] == "¿Qué es el CECOT?"
    result = app.test_cli_runner().invoke(main, ["glossary", "check", "1", "--baseline"])
    assert result.exit_code == 0
    assert f"Term accuracy: {total}/{total} = 100.0%" in result.output
    assert f"Without the glossary (apertium): {base_hits}/{total}" in result.output
