"""spaCy components of ClaimLens, one module each; build.py assembles them."""
