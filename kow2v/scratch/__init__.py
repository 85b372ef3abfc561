"""The word2vec of "Deep Learning from Scratch 2" (ch. 3-4), faithfully and tested, with
word2vec's hierarchical softmax as one more loss layer.

Names and signatures follow the book, so its code runs with the imports changed::

    from kow2v.scratch import SimpleCBOW, Adam, Trainer, preprocess, create_contexts_target
"""

from kow2v.scratch.data import convert_one_hot, create_contexts_target, preprocess
from kow2v.scratch.functions import cross_entropy_error, sigmoid, softmax
from kow2v.scratch.gradcheck import numerical_gradient, relative_error
from kow2v.scratch.hierarchical import HierarchicalSoftmax, HuffmanTree
from kow2v.scratch.layers import Embedding, EmbeddingDot, MatMul, SigmoidWithLoss, SoftmaxWithLoss
from kow2v.scratch.models import CBOW, SimpleCBOW, SimpleSkipGram, SkipGram
from kow2v.scratch.optimizers import SGD, Adam
from kow2v.scratch.sampling import NegativeSamplingLoss, UnigramSampler
from kow2v.scratch.trainer import Trainer, clip_grads, merge_shared

__all__ = [
    "CBOW", "SGD", "Adam", "Embedding", "EmbeddingDot", "HierarchicalSoftmax", "HuffmanTree",
    "MatMul", "NegativeSamplingLoss",
    "SigmoidWithLoss", "SimpleCBOW", "SimpleSkipGram", "SkipGram", "SoftmaxWithLoss", "Trainer",
    "UnigramSampler", "clip_grads", "convert_one_hot", "create_contexts_target",
    "cross_entropy_error", "merge_shared", "numerical_gradient", "preprocess", "relative_error",
    "sigmoid", "softmax",
]
