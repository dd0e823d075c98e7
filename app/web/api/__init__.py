"""The JSON API under /api: one blueprint, errors as {"error": "..."} with a 4xx status.

    articles.py  articles, their sentences, post-edits, jobs, admin (rename, delete, restore)
    glossary.py  glossary entries, history, import and export
    memory.py    the translation memory, OmegaT round trips, suggestions for the editor
    lookup.py    word lookup and the engines
    review.py    review statuses and the flagged-first review queue (issue 25)
    suggestions.py  glossary suggestions learned from post-edits (issue 25)
    study.py     the study list of a signed-in person, and its CSV / Anki export for anyone
Exports are in app.web.exports (the reader's links and /api/articles/<id>/export share them).
"""
