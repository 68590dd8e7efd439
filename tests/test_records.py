from pipeline.ingest.document import Document
from pipeline.records import TableBuffer, doc_to_rows
from pipeline.schema import COLUMNS, TABLES


def test_rows_have_trimmed_offsets_entities_and_claims(toy_nlp):
    text = "Kratom eases pain.\n\n  It acts on opioid receptors.\n"
    document = Document(doc_id="d1", source="mem", text=text)
    rows = doc_to_rows(toy_nlp(text), document, "toy-1")
    sents = rows["sentences"]
    assert [(s["start"], s["end"], s["text"]) for s in sents] == [
        (0, 18, "Kratom eases pain."),
        (22, 50, "It acts on opioid receptors."),
    ]
    assert [(e["text"], e["label"], e["sent_idx"], e["source"]) for e in rows["entities"]] == [
        ("Kratom", "SUBSTANCE", 0, "model"),
        ("pain", "CONDITION", 0, "model"),
        ("opioid receptors", "MECHANISM", 1, "model"),
    ]
    (claim,) = rows["claims"]
    assert claim["substances"] == ["Kratom"] and claim["conditions"] == ["pain"] and claim["mechanisms"] == []
    assert claim["evidence"] == "unspecified" and claim["claim_type"] == "benefit"
    assert sents[1]["is_claim"] is False and sents[1]["evidence"] is None
    (doc_row,) = rows["documents"]
    assert doc_row["n_sentences"] == 2 and doc_row["n_words"] == 8 and doc_row["status"] == "ok"
    for table, table_rows in rows.items():
        for row in table_rows:
            TABLES[table].model_validate(row)  # every row fits its declared schema
            assert list(row) == COLUMNS[table]


def test_skipped_document_row_has_no_text():
    from pipeline.records import document_row

    d = Document.skipped("x.bin", "binary file")
    row = document_row(d)
    assert row["status"] == "skipped" and row["reason"] == "binary file" and row["text"] == ""


def test_table_buffer_builds_arrow_with_declared_schema():
    buf = TableBuffer("claims")
    row = dict.fromkeys(COLUMNS["claims"])
    row.update(doc_id="d", sent_idx=0, start=0, end=3, text="abc", evidence="clinical", claim_type="harm",
               hedged=False, negated=True, substances=["kratom"], conditions=[], mechanisms=[], version="v")
    buf.extend([row, row])
    table = buf.to_arrow()
    assert table.num_rows == 2 and table.column("substances").to_pylist() == [["kratom"], ["kratom"]]
    buf.clear()
    assert buf.n == 0 and buf.to_arrow().num_rows == 0


def test_doc_text_from_arrays_equals_doc_text(toy_nlp):
    """doc_text rebuilds Doc.text from ORTH/SPACY arrays: same string, whitespace tokens included."""
    from pipeline.records import doc_text

    for text in ["", " ", "Kratom  eases\n\npain. ", "DEP (DEP) e.g.\u00a0x\t\ty ", "\n- a\n- b"]:
        doc = toy_nlp.make_doc(text)
        assert doc_text(doc) == doc.text == text
