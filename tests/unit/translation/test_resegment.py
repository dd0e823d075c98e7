"""Re-segmentation: unchanged sentences keep their translations and post-edits, the rest is listed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.cli import main
from app.core.models import Article, Job, Segment, Translation
from app.intake.segment import Sentence
from app.translation import resegment
from tests.support.app import wait_jobs

TEXT = (
    "Prison report\n\n"
    "The ruling is quoted on p. 12 of the filing. Lawyers disputed it.\n\n"
    "Mr. Bukele spoke. Guards waited."
)
# How an older splitter cut paragraph 1: after "p.". Paragraph 2 was split the same way as now.
OLD_P1 = ["The ruling is quoted on p.", "12 of the filing.", "Lawyers disputed it."]


@pytest.fixture
def old_article(app, client):
    """An imported, translated article whose paragraph 1 is stored as the older splitter cut it,
    with post-edits on an unchanged sentence (p1.s2, p2.s0) and on a sentence that goes (p1.s1)."""
    resp = client.post("/api/articles", json={"text": TEXT})
    article_id = resp.get_json()["id"]
    wait_jobs(app)
    with app.extensions["paralelo.db"]() as session:
        for seg in session.scalars(select(Segment).where(Segment.article_id == article_id, Segment.paragraph == 1)):
            session.delete(seg)
        session.flush()
        for i, text in enumerate(OLD_P1):
            old = Sentence(1, i, "paragraph", text)
            seg = Segment(article_id=article_id, paragraph=1, index=i, kind="paragraph", source=text,
                          source_hash=old.source_hash)
            seg.translations.append(Translation(text=f"ES({text})", origin="machine", engine="fake"))
            session.add(seg)
        session.commit()
    segs = {s["key"]: s for s in client.get(f"/api/articles/{article_id}").get_json()["segments"]}
    for key, text in (("p1.s1", "Doce del escrito."), ("p1.s2", "Los abogados lo negaron."),
                      ("p2.s0", "Bukele habló.")):
        edit = client.put(f"/api/articles/{article_id}/segments/{segs[key]['id']}", json={"text": text})
        assert edit.status_code == 200
    return article_id, segs


def test_resegment_carries_post_edits_over_and_lists_the_rest(app, client, fake_engine, old_article):
    article_id, before = old_article
    resp = client.post(f"/api/articles/{article_id}/resegment")
    assert resp.status_code == 200
    report = resp.get_json()
    assert (report["before"], report["after"], report["kept"]) == (6, 5, 4)
    assert report["added"] == ["p1.s0"] and report["removed"] == ["p1.s0", "p1.s1"]
    assert [(e["key"], e["text"]) for e in report["carried_postedits"]] == [
        ("p1.s1", "Los abogados lo negaron."), ("p2.s0", "Bukele habló.")]
    assert report["dropped_postedits"] == [
        {"key": "p1.s1", "source": "12 of the filing.", "text": "Doce del escrito."}]
    assert report["job_id"] is not None

    wait_jobs(app)
    after = client.get(f"/api/articles/{article_id}").get_json()
    assert after["status"] == "ready"
    rows = {s["key"]: s for s in after["segments"]}
    assert [(s["key"], s["source"]) for s in after["segments"]] == [
        ("p0.s0", "Prison report"), ("p1.s0", "The ruling is quoted on p. 12 of the filing."),
        ("p1.s1", "Lawyers disputed it."), ("p2.s0", "Mr. Bukele spoke."), ("p2.s1", "Guards waited.")]
    # the unchanged sentence moved from p1.s2 to p1.s1 with its row, post-edit and history
    assert rows["p1.s1"]["id"] == before["p1.s2"]["id"]
    assert (rows["p1.s1"]["target"], rows["p1.s1"]["origin"]) == ("Los abogados lo negaron.", "human")
    assert (rows["p2.s0"]["target"], rows["p2.s0"]["origin"]) == ("Bukele habló.", "human")
    # unchanged machine translations stay, only the new sentence went to the engine
    assert rows["p2.s1"]["id"] == before["p2.s1"]["id"] and rows["p2.s1"]["target"] == before["p2.s1"]["target"]
    assert rows["p1.s0"]["source"] == "The ruling is quoted on p. 12 of the filing."
    assert rows["p1.s0"]["origin"] == "machine" and rows["p1.s0"]["target"].endswith("p. 12 of the filing.)")
    assert fake_engine.calls[-1] == ["The ruling is quoted on p. 12 of the filing."]


def test_resegment_twice_changes_nothing_the_second_time(app, client, old_article):
    article_id, _ = old_article
    client.post(f"/api/articles/{article_id}/resegment")
    wait_jobs(app)
    before = client.get(f"/api/articles/{article_id}").get_json()["segments"]
    report = client.post(f"/api/articles/{article_id}/resegment").get_json()
    assert report["kept"] == report["before"] == report["after"] == 5
    assert (report["added"], report["removed"], report["dropped_postedits"], report["job_id"]) == ([], [], [], None)
    assert client.get(f"/api/articles/{article_id}").get_json()["segments"] == before


def test_resegment_keeps_a_separate_title(app, client):
    resp = client.post("/api/articles", json={"title": "Given title", "text": "One. Two."})
    wait_jobs(app)
    report = client.post(f"/api/articles/{resp.get_json()['id']}/resegment").get_json()
    assert (report["before"], report["after"], report["kept"], report["added"]) == (3, 3, 3, [])


def test_resegment_refuses_while_translating_and_unknown_articles(app, client):
    article_id = client.post("/api/articles", json={"text": TEXT}).get_json()["id"]
    wait_jobs(app)
    with app.extensions["paralelo.db"]() as session:
        session.get(Article, article_id).status = "translating"
        session.commit()
    busy = client.post(f"/api/articles/{article_id}/resegment")
    assert busy.status_code == 409 and "being translated" in busy.get_json()["error"]
    assert client.post("/api/articles/999/resegment").status_code == 404


def test_domain_function_does_not_commit(app, client, old_article):
    article_id, _ = old_article
    with app.extensions["paralelo.db"]() as session:
        report = resegment.resegment(session, session.get(Article, article_id))
        assert report.added == ["p1.s0"]
        session.rollback()
        assert len(session.get(Article, article_id).segments) == 6
        assert session.scalars(select(Job).where(Job.reason == "import", Job.status == "queued")).all() == []


def test_cli_resegment(app, runner, old_article):
    article_id, _ = old_article
    result = runner.invoke(main, ["resegment", str(article_id)])
    assert result.exit_code == 0, result.output
    assert "6 -> 5 sentences, 4 unchanged, 1 new, 2 removed" in result.output
    assert "dropped post-edit\tp1.s1\t12 of the filing.\tDoce del escrito." in result.output
    with app.extensions["paralelo.db"]() as session:
        article = session.get(Article, article_id)
        assert article.status == "ready" and all(s.current for s in article.segments)
    missing = runner.invoke(main, ["resegment", "no-such-article"])
    assert missing.exit_code == 2 and "No article" in missing.output
