#!/usr/bin/env python3
"""Write <slug>.en.txt and <slug>.es.txt next to each article JSON in articles/.

Layout of each text file: the title, a blank line, the byline (if the article has one) and a
blank line, then the paragraphs, one per block, separated by blank lines. Sentences of a
paragraph are joined with a single space. Standard library only.
"""
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"


def render(article: dict, lang: str) -> str:
    blocks = [article[f"title_{lang}"]]
    byline = article.get(f"byline_{lang}")
    if byline:
        blocks.append(byline)
    for para in article["paragraphs"]:
        blocks.append(" ".join(sent[lang] for sent in para))
    return "\n\n".join(blocks) + "\n"


def main() -> int:
    paths = sorted(ARTICLES.glob("*.json"))
    if not paths:
        print("no articles found in", ARTICLES, file=sys.stderr)
        return 1
    for path in paths:
        article = json.loads(path.read_text(encoding="utf-8"))
        if article["slug"] != path.stem:
            raise SystemExit(f"{path.name}: slug {article['slug']!r} does not match file name")
        for lang in ("en", "es"):
            out = path.with_name(f"{path.stem}.{lang}.txt")
            out.write_text(render(article, lang), encoding="utf-8")
        n = sum(len(p) for p in article["paragraphs"])
        print(f"{path.stem}: {n} sentences, {len(article['paragraphs'])} paragraphs -> .en.txt .es.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
