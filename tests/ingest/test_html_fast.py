"""The fast extractor (pipeline/ingest/html_fast.py) on small pages written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import iter_documents
from pipeline.ingest.html_fast import extract

ARTICLE = [
    "Ashwagandha is a shrub whose root has been used in Ayurvedic medicine for centuries in India.",
    "In a trial of 60 adults with chronic stress, a root extract lowered cortisol levels after eight weeks.",
    "Some people report drowsiness or an upset stomach when they first start taking the capsules.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ashwagandha and Stress | Herb Notes</title>
<meta property="og:title" content="Ashwagandha and Stress">
<link rel="canonical" href="https://herbnotes.example/ashwagandha">
<script>var tracking = "Ashwagandha tracking code";</script>
<style>.x {{ color: red }}</style>
</head>
<body class="post-template single has-comments">
<div id="cookie-banner">We use cookies to improve your experience. Accept all cookies to continue reading.</div>
<header class="site-header"><a href="/">Herb Notes</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/herbs">All herbs</a></li><li><a href="/shop">Shop</a></li></ul></nav>
</header>
<main>
<article class="post">
<h1>Ashwagandha and Stress</h1>
<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<p>{ARTICLE[0]}</p>
<h2>What the trials found</h2>
<p>{ARTICLE[1]}</p>
<p style="display: none">This hidden paragraph about ashwagandha must not be extracted by anyone at all.</p>
<h2>Side effects</h2>
<p>{ARTICLE[2]}</p>
<ul><li>Drowsiness</li><li>Upset stomach</li><li>Loose stools in rare cases</li></ul>
<p><a href="/a">Read our guide to rhodiola</a> and <a href="/b">our guide to holy basil for sleep</a></p>
</article>
<section class="related-posts"><h3>You might also like</h3>
<ul><li><a href="/rhodiola">Rhodiola for fatigue: what the research says about it</a></li>
<li><a href="/basil">Holy basil and blood sugar: a careful look at the studies</a></li></ul></section>
<div id="comments"><h3>2 comments</h3>
<p>Jo wrote: I took ashwagandha every day for a month and my anxiety is completely gone for good!</p>
<p>Sam wrote: It made me sleepy in the afternoons, so I switched to taking it in the evening.</p></div>
</main>
<aside class="sidebar"><h3>Newsletter</h3><p>Get our weekly herb notes straight to your inbox every Friday morning.</p></aside>
<footer><p>Copyright 2024 Herb Notes. All rights reserved. Not medical advice.</p></footer>
</body></html>"""


def test_article_kept_line_by_line_and_boilerplate_dropped() -> None:
    page = extract(PAGE)
    assert page is not None
    assert page.text.split("\n") == [
        "Ashwagandha and Stress",
        ARTICLE[0],
        "What the trials found",
        ARTICLE[1],
        "Side effects",
        ARTICLE[2],
        "- Drowsiness",
        "- Upset stomach",
        "- Loose stools in rare cases",
    ]
    assert page.title == "Ashwagandha and Stress"
    assert page.url == "https://herbnotes.example/ashwagandha"


def test_title_falls_back_to_the_title_element() -> None:
    html = PAGE.replace('<meta property="og:title" content="Ashwagandha and Stress">', "")
    page = extract(html)
    assert page is not None and page.title == "Ashwagandha and Stress | Herb Notes"


def test_bytes_in_a_legacy_charset_are_decoded() -> None:
    html = PAGE.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">').replace(
        "Ayurvedic medicine", "médecine ayurvédique")
    page = extract(html.encode("latin-1"))
    assert page is not None and "médecine ayurvédique" in page.text


def test_article_inside_a_broken_nav_is_still_found() -> None:
    # an unclosed <li> in the menu: libxml2 nests everything after it inside <nav>
    html = (f"<html><body><nav><ul><li><a href='/'>Home</a><div class='sub'><a href='/x'>X</a>"
            f"<main><article><h1>Ashwagandha</h1><p>{ARTICLE[0]}</p><p>{ARTICLE[1]}</p></article></main>"
            "</body></html>")
    page = extract(html)
    assert page is not None
    assert page.text.split("\n") == ["Ashwagandha", ARTICLE[0], ARTICLE[1]]


def test_table_of_links_and_menu_only_pages_have_no_text() -> None:
    menu = "<html><body><ul>" + "".join(f"<li><a href='/{i}'>Herb number {i}</a></li>" for i in range(20))
    page = extract(menu + "</ul></body></html>")
    assert page is not None and page.text == ""


def test_a_lone_short_paragraph_is_kept() -> None:
    page = extract("<html><body><p>Kava may ease anxiety.</p></body></html>")
    assert page is not None and page.text == "Kava may ease anxiety."


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
         "no main text in HTML"),
        ("<html><body><script>var kava = 1;</script><style>p {}</style></body></html>", "no main text in HTML"),
        ("<html><body></body></html>", "no main text in HTML"),
        ("   \n", "empty"),
    ],
)
def test_pages_without_main_text_are_skipped_with_a_reason(tmp_path: Path, html: str, reason: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    (doc,) = iter_documents([path], html_extractor="fast")
    assert (doc.status, doc.reason) == ("skipped", reason)


def test_unknown_extractor_is_a_config_error(tmp_path: Path) -> None:
    from pipeline.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown HTML extractor 'boilerpipe'"):
        iter_documents([tmp_path], html_extractor="boilerpipe")
