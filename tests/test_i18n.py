"""Chinese is the default language: every string the code marks for translation must have
Chinese text, and the compiled catalogue must match the source catalogue."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "yiwang"
PO = PACKAGE / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_every_catalogue_entry_has_chinese_text():
    po = polib.pofile(str(PO))
    untranslated = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == []


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(PO))
    mo = polib.mofile(str(PO.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural.get(0)) for e in mo}
    source = {(e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural.get(0)) for e in po.translated_entries()}
    assert {k: v for k, v in source.items()} == {k: compiled.get(k) for k in source}


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed (CI installs it)")
def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path):
    copy = tmp_path / "yiwang"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "locale"))
    (copy / "locale").mkdir()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="yiwang.settings", DATABASE_URL="sqlite:///:memory:")
    subprocess.run([sys.executable, "-P", "-m", "django", "makemessages", "-l", "zh_Hans", "--no-location",
                    "-i", "demo/*"], cwd=copy, env=env, check=True, capture_output=True)
    extracted = {(e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))}
    translated = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO)).translated_entries()}
    assert sorted(extracted - translated) == []


def test_translation_functions_go_by_the_names_the_extractor_knows():
    """makemessages finds _, gettext, gettext_lazy, pgettext, ngettext...: a text marked through
    another alias (`gettext_lazy as _lazy`) is never extracted, and stays English."""
    import re

    known = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext", "ngettext_lazy",
             "npgettext", "npgettext_lazy", "gettext_noop"}
    odd = []
    for path in PACKAGE.rglob("*.py"):
        for name, alias in re.findall(r"\b(\w*gettext\w*) as (\w+)", path.read_text(encoding="utf-8")):
            if alias not in known:
                odd.append(f"{path.relative_to(PACKAGE)}: {name} as {alias}")
    assert odd == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed (CI installs it)")
def test_the_catalogue_is_what_the_translators_tools_read():
    """Poedit, Weblate and msgmerge read the .po: it must parse, and every placeholder of a msgid
    must be in its translation (a translation that drops %(n)s breaks the page that fills it)."""
    result = subprocess.run(["msgfmt", "--check-format", "-o", os.devnull, str(PO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_one_english_word_never_gives_two_chinese_meanings():
    """F9: the document state "issued" read 下发时间 and an article's text 诉求内容 (a request's)."""
    from django.utils import translation

    from yiwang.policies.models import Article, PolicyDocument
    from yiwang.services.models import ServiceItem
    from yiwang.workorders.models import WorkOrder

    with translation.override("zh-hans"):
        assert str(PolicyDocument.State.ISSUED.label) == "已印发"
        assert str(Article._meta.get_field("content").verbose_name) == "条款内容"
        assert str(WorkOrder._meta.get_field("body").verbose_name) == "诉求内容"
        assert str(ServiceItem._meta.get_field("updated_at").verbose_name) == "更新时间"
        assert translation.pgettext("time of issue", "Issued") == "下发时间"
        assert translation.pgettext("count", "Visits") != translation.gettext("Visits")


def test_a_too_long_text_is_told_in_plain_chinese():
    """N24: Django's own text read "确保该变量包含不超过 5000 字符" ("this variable")."""
    from django import forms
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override("zh-hans"):
        try:
            forms.CharField(max_length=5).clean("一二三四五六")
        except ValidationError as exc:
            assert exc.messages == ["最多 5 个字（现为 6 个字）。"]
        else:
            raise AssertionError("a text over its length was accepted")


def test_every_text_of_the_admins_scripts_is_chinese():
    """"Choose 参加联合验收的单位 by selecting them…": Django's Chinese lacks its newer selector texts;
    yiwang/locale/zh_Hans/LC_MESSAGES/djangojs.po fills them."""
    import glob
    import json
    import re

    import django
    from django.test import RequestFactory
    from django.utils import translation
    from django.views.i18n import JavaScriptCatalog

    scripts = os.path.join(os.path.dirname(django.__file__), "contrib", "admin", "static", "admin", "js")
    used = set()
    for path in glob.glob(os.path.join(scripts, "*.js")) + glob.glob(os.path.join(scripts, "admin", "*.js")):
        text = open(path, encoding="utf-8").read()
        used |= {m.group(2).replace('\\"', '"') for m in re.finditer(r"""\bgettext\(\s*(['"])(.*?)(?<!\\)\1""", text)}
    with translation.override("zh-hans"):
        answer = JavaScriptCatalog.as_view(packages=["django.contrib.admin"])(RequestFactory().get("/"))
    body = answer.content.decode()
    catalog = json.loads(body[body.index("const newcatalog = ") + 19:body.index(";", body.index("const newcatalog"))])
    assert used and sorted(used - set(catalog)) == []
