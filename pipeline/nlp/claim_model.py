"""Trained claim classifier (component `claimlens_claim_model`): work in progress."""
