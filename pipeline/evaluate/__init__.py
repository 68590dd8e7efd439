"""Evaluation: the gold format, the scorer, public benchmarks and their CLI.

- gold.py / goldsrc.py: the gold JSONL format and its authoring markup.
- scorer.py: pure scoring functions over gold records and prediction tables.
- run.py: `evaluate_gold(path, pred_dir=None, nlp=None)` runs or reads predictions and scores them.
- corpora.py / benchmarks.py: BC5CDR, NCBI-disease, pySBD and GENIA readers and runs.
- render.py: the scores as rich or plain-text tables; cli.py: `claimlens evaluate` / `benchmark`.

Submodules are not imported here, so `import pipeline.evaluate.gold` stays light.
"""
