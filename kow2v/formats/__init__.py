"""Readers for vector files a user may have been handed: bounded in memory, never running code.

- :mod:`~kow2v.formats.kv`: gensim's native ``.kv`` (a pickle) through an allow-list;
- :mod:`~kow2v.formats.word2vec_format`: word2vec text and binary, checked against the file
  size before anything is allocated;
- :mod:`~kow2v.formats.gensim_model`: gensim's full ``Word2Vec.save`` files, through the
  ``.kv`` allow-list plus what a model pickle names (and kow2v models handed to gensim).

All raise :class:`~kow2v.errors.VectorFormatError` with a one-line message naming the file.
"""
