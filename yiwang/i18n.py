"""Messages in both languages for machine clients (the API, Open311, webhooks).

Services build their messages with ``gettext`` in the active language, values already filled in.
An API error carries the message in Chinese and in English, so the one we did not produce is
recovered from the catalogue: the produced text is matched against the catalogue's entries
(placeholders become groups) and the other language's entry is filled with the same values.
A text the catalogue does not know (a value typed by a user, a library's message) stays as it is.
"""
import functools
import re

from django.utils import translation
from django.utils.translation import trans_real

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%")


def _pattern(text):
    """A regex matching `text` with its %(name)s placeholders filled, or None if it has none."""
    parts, seen, pos, literal = [], set(), 0, 0
    for m in PLACEHOLDER.finditer(text):
        chunk = text[pos:m.start()]
        parts.append(re.escape(chunk))
        literal += len(chunk.strip())
        if m.group(0) == "%%":
            parts.append("%")
        elif m.group(1) in seen:
            parts.append(f"(?P={m.group(1)})")
        else:
            seen.add(m.group(1))
            parts.append(f"(?P<{m.group(1)}>.+?)")
        pos = m.end()
    if not seen:
        return None
    tail = text[pos:]
    parts.append(re.escape(tail))
    literal += len(tail.strip())
    if literal < 2:  # "%(value)s" alone would match anything
        return None
    return re.compile("".join(parts), re.S)


@functools.cache
def _table(chinese_source):
    """(exact texts, patterns) mapping one language's entries to the other's templates."""
    catalog = trans_real.translation("zh-hans")._catalog
    exact, patterns = {}, []
    for msgid, msgstr in catalog.items():
        if not isinstance(msgid, str) or not msgid or not msgstr:
            continue
        source, target = (msgstr, msgid) if chinese_source else (msgid, msgstr)
        pattern = _pattern(source)
        if pattern is None:
            exact.setdefault(source.replace("%%", "%"), target)
        else:
            patterns.append((len(PLACEHOLDER.sub("", source)), pattern, target))
    patterns.sort(key=lambda p: -p[0])  # the most specific entry first
    return exact, [(p, t) for _n, p, t in patterns]


def _convert(text, chinese_source):
    exact, patterns = _table(chinese_source)
    if text in exact:
        return exact[text].replace("%%", "%")
    for pattern, target in patterns:
        m = pattern.fullmatch(text)
        if m:
            try:  # a filled value may itself be a message (a reason inside a sentence)
                return target % {k: _convert(v, chinese_source) for k, v in m.groupdict().items()}
            except (KeyError, TypeError, ValueError):
                continue
    return text


def both(text):
    """(Chinese, English) for a message produced in the active language."""
    text = str(text)
    if (translation.get_language() or "").startswith("zh"):
        return text, _convert(text, chinese_source=True)
    return _convert(text, chinese_source=False), text

