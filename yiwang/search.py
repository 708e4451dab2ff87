"""What a picker matches a typed query against: the text itself, its pinyin and its pinyin
initials, so an agent finds 路灯故障 by typing 路灯, ludeng or ldgz."""
import functools

from pypinyin import Style, lazy_pinyin


@functools.lru_cache(maxsize=4096)
def keys(text):
    text = str(text)
    spelled = "".join(lazy_pinyin(text, errors="ignore"))
    initials = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore"))
    return f"{text} {spelled} {initials}".lower()
