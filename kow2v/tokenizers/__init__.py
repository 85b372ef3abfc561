"""Korean tokenizers behind one interface.

>>> from kow2v import tokenizers
>>> tokenizers.get("whitespace").tokenize("학교에서 공부를 했다")
['학교에서', '공부를', '했다']
"""

from kow2v.tokenizers.base import (
    TaggerTokenizer,
    Tokenizer,
    TrainableTokenizer,
    join_tag,
    tokenize_batch,
)
from kow2v.tokenizers.registry import (
    ENTRY_POINT_GROUP,
    available,
    describe,
    get,
    get_tokenizer,
    refresh_plugins,
    register,
    tokenizer_names,
    unregister,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "TaggerTokenizer",
    "Tokenizer",
    "TrainableTokenizer",
    "available",
    "describe",
    "get",
    "get_tokenizer",
    "join_tag",
    "refresh_plugins",
    "register",
    "tokenize_batch",
    "tokenizer_names",
    "unregister",
]
