"""Building the tagging vocabulary (data/lexicons) from the shared vocabularies."""
