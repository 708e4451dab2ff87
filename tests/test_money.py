"""Money reads as officials read it: 元 below 10,000, then 万元, then 亿元, without empty decimals."""
import pytest

from yiwang import money


@pytest.mark.parametrize("yuan, words", [(5000, "5,000 元"), ("1461.5", "1,461.5 元"), (195000, "19.5 万元"),
                                         (1940000, "194 万元"), ("1234567.89", "123.46 万元"),
                                         (294000000, "2.94 亿元"), (0, "0 元"), (None, "")])
def test_yuan_read_as_officials_read_them(yuan, words):
    assert money.words(yuan) == words


@pytest.mark.parametrize("wan, words", [(26000, "2.6 亿元"), ("294000.00", "29.4 亿元"), (2000, "2,000 万元"),
                                        ("0.5", "5,000 元")])
def test_figures_kept_in_ten_thousands(wan, words):
    assert money.words_wan(wan) == words
