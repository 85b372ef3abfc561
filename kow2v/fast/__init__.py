"""The vectorised NumPy word2vec engine: array functions only, no I/O and no logging inside."""
