"""The gold consistency report on a hand-made two-file case."""

from __future__ import annotations

from pipeline.evaluate.consistency import check, load

DOC_A = """# title: a
harm unspecified | [Kava]{S} can cause [chronic pain]{C} and [sedation]{C}.
benefit unspecified | [Kava]{S} may ease [anxiety]{C}.
"""

DOC_B = """# title: b
harm unspecified | Kava can cause chronic [pain]{C} and sedation.
mechanism unspecified hedged | [kava]{M} is popular.
- | SAMe is the same as [SAMe]{S}.
"""


def test_report_sections(tmp_path):
    (tmp_path / "a.txt").write_text(DOC_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(DOC_B, encoding="utf-8")
    report = check(load(tmp_path))
    untagged = "\n".join(report["untagged"])
    assert "'kava': tagged 3x, untagged 1x" in untagged and "b.txt:2" in untagged
    assert "'sedation': tagged 1x, untagged 1x" in untagged
    assert "'same': tagged 1x, untagged 1x" in untagged  # "SAMe" matches case-sensitively, "same" does not
    assert not any("'pain'" in line for line in report["untagged"])  # inside [chronic pain] is ignored
    assert any("'kava': SUBSTANCE 2x" in line and "MECHANISM 1x" in line for line in report["labels"])
    assert any("'chronic pain'" in line and "b.txt:2 as [pain]" in line for line in report["boundaries"])
    hedges = "\n".join(report["hedges"])
    assert "a.txt:3: not hedged but has may" in hedges
    assert "b.txt:3: hedged with no listed cue" in hedges
