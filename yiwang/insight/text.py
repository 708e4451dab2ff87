"""Turning a message into what the models read: one cleaned text, its words, its place.

Every model in this app reads text through these functions, so that training, the command
line and the product's pages see a message the same way.
"""
import json
import logging
import re

import jieba

jieba.setLogLevel(logging.WARNING)

_SPACE = re.compile(r"\s+")


def clean(value):
    """Drop all whitespace: the training data mixes raw text and jieba-segmented text."""
    return _SPACE.sub("", value or "")


def message_text(title, body):
    title, body = clean(title), clean(body)
    return f"{title}。{body}" if title else body


def words(text, limit=None):
    """jieba's words of the text (or of its first `limit` characters), space-joined."""
    return " ".join(jieba.lcut(text[:limit] if limit else text, HMM=False))


# Masked administrative names in the data (A市, A5区, K8县) and real ones (西地省).
_ADMIN = re.compile(r"[A-Z]\d*[市区县]|[\u4e00-\u9fa5]{1,3}省")
# A named place or body of people, most specific kinds first; then roads and towns.
_SPECIFIC = "小区|花园|家园|公寓|大厦|广场|学院|大学|中学|小学|学校|幼儿园|医院|公司|集团|工厂|市场|社区|新村|村|新城|商城|园区|工业园"
_GENERAL = "大道|路|街道|街|镇|乡"
_PLACE_PATTERNS = [re.compile(r"([\u4e00-\u9fa5A-Za-z0-9]{2,14}?(?:%s))" % kinds) for kinds in (_SPECIFIC, _GENERAL)]
# Words that end a place name's left side: what comes before them is not the name.
_NAME_STOP = re.compile(r"路|街|镇|乡|县|区|市|省|的|在|和|与|是|我|们|了|对|于|关于|反映|投诉|请问|咨询|建议|举报|希望|要求|请求|为什么|有关|一个"
                        r"|一家|这家|那家|明年|今年|孩子|增开|新开|想开|开一家")
_GENERIC = {"物业公司", "有限公司", "公交公司", "开发商公司", "学校", "小区", "社区", "医院", "公司", "装修公司",
            "培训学校", "中介公司"}


def place(title, body, body_chars=200):
    """The place or group a message is about (魅力之城小区, 经济学院, 东六路), or ''.

    The title is read first, then the start of the body; a named estate, school, hospital or
    company beats a road or a town.
    """
    texts = [_ADMIN.sub("|", clean(title)), _ADMIN.sub("|", clean(body)[:body_chars])]
    for pattern in _PLACE_PATTERNS:
        for text in texts:
            for match in pattern.finditer(text):
                found = _name_of(match.group(1))
                if found:
                    return found
    return ""


def _name_of(found):
    kind_at = len(found) - 1
    while kind_at > 0 and found[kind_at - 1:] and _is_kind(found[kind_at - 1:]):
        kind_at -= 1
    name = _NAME_STOP.split(found[:kind_at])[-1]
    result = name + found[kind_at:]
    if len(name) < 2 or result in _GENERIC:
        return ""
    return result


def _is_kind(tail):
    return any(re.fullmatch(kinds, tail) for kinds in (_SPECIFIC, _GENERAL))


class DataError(ValueError):
    """A JSON Lines input that cannot be read; the message names the line and the problem."""


def read_jsonl(lines, required=("title", "body")):
    """Parse JSON Lines, checking each row has the required text fields.

    Blank lines are skipped; anything else that is not an object with those fields stops the
    read with the line number, so a bad file is refused whole rather than half-used.
    """
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise DataError(f"line {number}: not valid JSON ({error.msg})") from None
        if not isinstance(row, dict):
            raise DataError(f"line {number}: expected a JSON object")
        for field in required:
            if field not in row:
                raise DataError(f"line {number}: missing field '{field}'")
            if not isinstance(row[field], str) and field in ("title", "body", "label"):
                raise DataError(f"line {number}: field '{field}' must be a string")
        if "label" in required and not row["label"].strip():
            raise DataError(f"line {number}: empty label")
        rows.append(row)
    return rows
