"""The review API, review-filtered exports and the suggestions API (issue 25)."""

from __future__ import annotations

import json

import pytest

from tests.support.app import translate_now

TEXT = "Review news\n\nThe judge heard the case.\n\nOfficials said 40 people were held.\n\nCourts met."


@pytest.fixture
def article(app):
    return translate_now(app, TEXT)


def segments(client, article_id):
    return {s["source"]: s for s in client.get(f"/api/articles/{article_id}").get_json()["segments"]}


def test_segments_carry_checks_and_review_and_the_article_its_progress(client, article):
    data = client.get(f"/api/articles/{article}").get_json()
    assert data["review"]["total"] == len(data["segments"]) and data["review"]["read"] == 0
    seg = data["segments"][1]
    assert seg["review"]["status"] == "machine" and seg["checked"] is True
    assert all({"check", "severity", "message"} <= set(c) for c in seg["checks"])
    listed = client.get("/api/articles").get_json()["articles"]
    assert listed[0]["review"]["total"] == len(data["segments"])


def test_mark_reviewed_and_take_it_back(client, article):
    seg = segments(client, article)["Courts met."]
    r = client.post(f"/api/articles/{article}/segments/{seg['id']}/review", json={"status": "reviewed"})
    assert r.status_code == 200
    assert r.get_json()["review"]["status"] == "reviewed" and r.get_json()["progress"]["read"] == 1
    r = client.post(f"/api/articles/{article}/segments/{seg['id']}/review", json={"status": "machine"})
    assert r.get_json()["review"]["status"] == "machine"


@pytest.mark.parametrize("body, status", [
    ({"status": "approved"}, 409),  # nothing reviewed yet
    ({"status": "done"}, 400),
    ({"status": 3}, 400),
    ({"status": "reviewed", "version": "x"}, 400),
    ({"status": "reviewed", "version": 999999}, 409),
])
def test_bad_review_requests_are_4xx_with_a_message(client, article, body, status):
    seg = segments(client, article)["Courts met."]
    r = client.post(f"/api/articles/{article}/segments/{seg['id']}/review", json=body)
    assert r.status_code == status and r.get_json()["error"]


def test_the_queue_api_is_flagged_first_and_pages(client, article):
    data = client.get(f"/api/review?article={article}").get_json()
    ranks = [i["rank"] for i in data["items"]]
    assert ranks == sorted(ranks) and data["total"] == len(ranks)
    assert data["items"][0]["article"]["id"] == article and "reason" in data["items"][0]
    page = client.get(f"/api/review?article={article}&limit=1&offset=1").get_json()
    assert [i["id"] for i in page["items"]] == [data["items"][1]["id"]]
    assert client.get("/api/review").get_json()["total"] == data["total"]


@pytest.mark.parametrize("query, status", [("article=abc", 400), ("article=99999", 404), ("limit=0", 400),
                                           ("limit=5000", 400), ("need=everything", 400)])
def test_bad_queue_requests_are_4xx(client, article, query, status):
    r = client.get(f"/api/review?{query}")
    assert r.status_code == status and r.get_json()["error"]


def test_exports_keep_only_or_mark_what_a_person_read(client, article):
    seg = segments(client, article)["Courts met."]
    client.post(f"/api/articles/{article}/segments/{seg['id']}/review", json={"status": "reviewed"})
    only = client.get(f"/api/articles/{article}/export?format=jsonl&reviewed=only")
    rows = [json.loads(line) for line in only.data.decode().splitlines()]
    assert [r["source"] for r in rows] == ["Courts met."] and rows[0]["review"] == "reviewed"
    assert "checks" in rows[0]
    marked = client.get(f"/api/articles/{article}/export?format=tsv&reviewed=mark").data.decode()
    lines = {line.split("\t")[2]: line.split("\t")[3] for line in marked.splitlines()[1:]}
    assert lines["Courts met."].startswith("ES(") and lines["The judge heard the case."].startswith("[MT] ")
    xliff = client.get(f"/api/articles/{article}/export?format=xliff&reviewed=mark").data.decode()
    assert "review: machine" in xliff and "review: reviewed" in xliff
    bad = client.get(f"/api/articles/{article}/export?format=tsv&reviewed=sometimes")
    assert bad.status_code == 400 and bad.get_json()["error"]


def test_suggestions_api_lists_accepts_and_dismisses(app, client):
    ids = [translate_now(app, f"Runoff news {i}\n\nThe runoff was close this time {i}.") for i in range(4)]
    for article_id in ids[:3]:
        seg = segments(client, article_id)[next(s for s in segments(client, article_id) if "runoff" in s)]
        text = seg["target"].replace("runoff", "segunda vuelta")
        assert client.put(f"/api/articles/{article_id}/segments/{seg['id']}", json={"text": text}).status_code == 200
    found = client.get("/api/suggestions").get_json()
    assert found["min_edits"] == 3
    [suggestion] = [s for s in found["suggestions"] if s["target"] == "segunda vuelta"]
    assert suggestion["count"] == 3 and suggestion["source"] == "runoff" and suggestion["evidence"]
    assert [p["segment"] for p in suggestion["preview"]]  # the fourth article would change
    r = client.post(f"/api/suggestions/{suggestion['id']}/accept")
    assert r.status_code == 200 and r.get_json()["entry"]["origin"] == "learned from 3 post-edits"
    assert r.get_json()["retranslating"] >= 1
    assert client.post(f"/api/suggestions/{suggestion['id']}/dismiss").status_code == 404
    assert client.post("/api/suggestions/nope/accept").status_code == 404


def test_review_pages_render(client, article):
    for path in ("/review", "/articles/review-news/review", "/glossary/suggestions"):
        assert client.get(path).status_code == 200
    assert client.get("/articles/no-such-article/review").status_code == 404
