"""Property tests: the output tables keep their invariants on arbitrary text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest.document import Document
from pipeline.records import doc_to_rows

WORDS = ["kratom", "Kratom", "PTSD", "(PTSD)", "post-traumatic", "stress", "disorder", "opioid", "receptors",
         "may", "help", "users", "report", "Dr.", "e.g.", "7.5", "mg", "7-hydroxymitragynine", "SUDs",
         "Substance", "use", "disorders", "anxiety", ".", "!", "?", ",", "\n", "\n\n", "- ", "1.", "’s", "  ",
         "rats", "clinical", "trials", "no", "evidence", "that", "St.", "John's", "wort", "M.", "speciosa"]

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join),
    st.lists(st.sampled_from(WORDS), max_size=80).map("".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_table_invariants_on_arbitrary_text(nlp, text):
    rows = doc_to_rows(nlp(text), Document(doc_id="d", source="s", text=text), "v")
    sents = rows["sentences"]
    prev_end = 0
    for i, s in enumerate(sents):
        assert s["sent_idx"] == i
        assert 0 <= prev_end <= s["start"] < s["end"] <= len(text)  # in order, inside, no overlap
        assert text[s["start"] : s["end"]] == s["text"] and s["text"].strip() == s["text"]
        prev_end = s["end"]
        if not s["is_claim"]:
            assert s["evidence"] is None and s["claim_type"] is None
    for e in rows["entities"]:
        s = sents[e["sent_idx"]]
        assert s["start"] <= e["start"] < e["end"] <= s["end"]  # inside its sentence
        assert text[e["start"] : e["end"]] == e["text"]
        assert e["label"] in {"SUBSTANCE", "CONDITION", "MECHANISM"}
    assert {c["sent_idx"] for c in rows["claims"]} == {s["sent_idx"] for s in sents if s["is_claim"]}
    # Everything that is not whitespace belongs to some sentence.
    covered = set()
    for s in sents:
        covered.update(range(s["start"], s["end"]))
    assert all(ch.isspace() for i, ch in enumerate(text) if i not in covered)
