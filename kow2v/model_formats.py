"""The names of saved models, in one place for the trainers and the file readers (imports
nothing, so a trainer's import pays nothing for it).

>>> KOW2V_FORMATS["FastText"], GENSIM_MODELS["Word2Vec"]
('kow2v-fasttext-1', ('gensim.models.word2vec', 'Word2Vec'))
"""

#: kow2v's model file formats (the header's "format"), by the class that writes them
KOW2V_FORMATS = {"Word2Vec": "kow2v-word2vec-1", "FastText": "kow2v-fasttext-1"}

#: the class a gensim model file's pickle names first, by kow2v's class of the same name
GENSIM_MODELS = {"Word2Vec": ("gensim.models.word2vec", "Word2Vec"),
                 "FastText": ("gensim.models.fasttext", "FastText")}
