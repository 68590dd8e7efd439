"""pipeline.train.refresh: a model folder's rule parts follow the checkout; trained weights never change."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.paths import models_dir
from pipeline.train.refresh import _digests, refresh

SHIPPED = models_dir() / "claimlens-default"


@pytest.mark.slow
@pytest.mark.skipif(not (SHIPPED / "config.cfg").exists(), reason="no shipped model folder")
def test_refresh_adds_rule_parts_and_keeps_weights(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    shutil.copytree(SHIPPED, folder)
    # an older folder: no claimlens_mechanisms, an outdated curated list
    cfg = (folder / "config.cfg").read_text(encoding="utf-8")
    cfg = cfg.replace(', "claimlens_mechanisms"', "").replace(
        '[components.claimlens_mechanisms]\nfactory = "claimlens_mechanisms"\n', ""
    )
    (folder / "config.cfg").write_text(cfg, encoding="utf-8")
    curated = next((folder / "claimlens_lexicon" / "files").glob("*curated.jsonl"))
    curated.write_text("\n".join(curated.read_text(encoding="utf-8").splitlines()[:-5]) + "\n", encoding="utf-8")
    weights = _digests(folder)

    changes = refresh(folder)

    assert any(c.startswith("added claimlens_mechanisms") for c in changes)
    assert any(c.startswith("claimlens_lexicon files") for c in changes)
    assert _digests(folder) == weights
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["pipeline"].index("claimlens_mechanisms") == meta["pipeline"].index("claimlens_abbreviations") + 1
    assert refresh(folder) == []  # a refreshed folder has nothing left to refresh
