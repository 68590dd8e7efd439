import pyarrow as pa

from pipeline.schema import SCHEMAS


def test_arrow_schema_follows_pydantic_models():
    s = SCHEMAS["claims"]
    assert s.field("substances").type == pa.list_(pa.string())
    assert s.field("evidence").type == pa.string() and not s.field("evidence").nullable
    assert s.field("evidence_cue").nullable
    assert SCHEMAS["sentences"].field("hedged").type == pa.bool_()
    assert SCHEMAS["entities"].field("start").type == pa.int64()
    assert set(SCHEMAS) == {"documents", "sentences", "entities", "claims"}
