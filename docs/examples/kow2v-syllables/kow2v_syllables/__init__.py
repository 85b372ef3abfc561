"""An example kow2v tokenizer plugin: every character becomes a token."""


class SyllableTokenizer:
    """Split text into characters (syllables, for Hangul).

    >>> SyllableTokenizer().tokenize("한국 어")
    ['한', '국', '▁', '어']
    """

    name = "syllables"

    def __init__(self, keep_spaces: bool = True, space_token: str = "▁") -> None:
        self.keep_spaces = keep_spaces
        self.space_token = space_token

    def tokenize(self, text: str) -> list[str]:
        words = text.split()
        tokens: list[str] = []
        for i, word in enumerate(words):
            if i and self.keep_spaces:
                tokens.append(self.space_token)
            tokens.extend(word)
        return tokens
