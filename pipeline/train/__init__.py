"""Training: corpora -> DocBins, spaCy configs, the `claimlens train` driver (see driver.py)."""
