"""Every string the code marks for translation has a zh_Hans translation.

A msgid missing from the catalogues, left empty or left fuzzy shows English in the Chinese
UI (issue 15, defect 7). Two checks: the checked-in catalogues hold no empty, fuzzy or
obsolete entry; and a fresh extraction of the code (makemessages over a copy of the
source tree, so the real catalogues are never written) finds no msgid they lack.
"""

import re
import shutil

import pytest
from django.core.management import call_command

from edugov.core.tests.test_catalogues import LANGUAGE, ROOT, catalogues, parse_po


def _key(entry):
    return (entry["msgctxt"], entry["msgid"])


def _describe(keys):
    return "\n  ".join(
        f"{msgid!r}" + (f" (context {ctxt!r})" if ctxt else "")
        for ctxt, msgid in sorted(keys, key=str)
    )


def _translated_keys():
    keys = set()
    for path in catalogues():
        for e in parse_po(path.read_text(encoding="utf-8"), str(path)):
            if e["msgid"] and not e["obsolete"] and all(e["msgstr"]) and "fuzzy" not in e["flags"]:
                keys.add(_key(e))
    return keys


def test_catalogues_have_no_empty_fuzzy_or_obsolete_entry():
    bad = []
    for path in catalogues():
        label = path.relative_to(ROOT.parent)
        for e in parse_po(path.read_text(encoding="utf-8"), str(path)):
            if not e["msgid"]:
                continue
            if e["obsolete"]:
                bad.append(f"{label}: obsolete {e['msgid']!r}")
            elif "fuzzy" in e["flags"]:
                bad.append(f"{label}: fuzzy {e['msgid']!r}")
            elif not all(e["msgstr"]):
                bad.append(f"{label}: untranslated {e['msgid']!r}")
    assert not bad, "Translate (and un-fuzzy) these entries:\n  " + "\n  ".join(bad)


def _extract(tree, monkeypatch, settings):
    """Run makemessages over ``tree`` (a copy of edugov/) and return every msgid found."""
    for po in tree.glob(f"**/locale/{LANGUAGE}/LC_MESSAGES/django.po"):
        po.unlink()  # a fresh extraction: msgmerge must not carry the old entries over
    settings.LOCALE_PATHS = [tree / "locale"]
    monkeypatch.chdir(tree)
    call_command("makemessages", locale=[LANGUAGE], no_obsolete=True, verbosity=0)
    found = set()
    for po in tree.glob(f"**/locale/{LANGUAGE}/LC_MESSAGES/django.po"):
        found |= {_key(e) for e in parse_po(po.read_text(encoding="utf-8"), str(po)) if e["msgid"]}
    return found


@pytest.fixture
def source_copy(tmp_path):
    tree = tmp_path / "edugov"
    shutil.copytree(
        ROOT,
        tree,
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static", "*.pyc", "*.sqlite3"),
    )
    return tree


def test_every_msgid_in_the_code_is_translated(source_copy, monkeypatch, settings):
    extracted = _extract(source_copy, monkeypatch, settings)
    assert len(extracted) > 1000, len(extracted)  # the extraction really ran over the code
    missing = extracted - _translated_keys()
    assert not missing, (
        "These strings of the code have no zh_Hans translation; run makemessages (see "
        "docs/adding-a-module.md) and translate them:\n  " + _describe(missing)
    )


def test_the_check_sees_a_new_untranslated_string(source_copy, monkeypatch, settings):
    (source_copy / "core" / "brand_new.py").write_text(
        "from django.utils.translation import gettext as _\n_('A string nobody translated')\n",
        encoding="utf-8",
    )
    extracted = _extract(source_copy, monkeypatch, settings)
    assert (None, "A string nobody translated") in extracted - _translated_keys()


def _repeats_itself(text):
    """ "XY XY" or "XYXYXY": a translation pasted more than once into its msgstr."""
    return re.fullmatch(r"(.{6,}?)(?:\s*\1)+", text, re.S) is not None


def test_no_translation_repeats_itself():
    assert _repeats_itself("每格：数值。每格：数值。") and not _repeats_itself("每格：数值。")
    doubled = [
        f"{path.relative_to(ROOT.parent)}: {e['msgid'][:60]!r}"
        for path in catalogues()
        for e in parse_po(path.read_text(encoding="utf-8"), str(path))
        if e["msgid"] and any(_repeats_itself(s) for s in e["msgstr"])
    ]
    assert not doubled, "These msgstr hold their translation twice or more:\n  " + "\n  ".join(
        doubled
    )
