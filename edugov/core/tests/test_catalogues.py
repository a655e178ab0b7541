"""The zh_Hans gettext catalogues must not contradict each other.

Django merges the global catalogue (LOCALE_PATHS) with every app's own catalogue into
one table keyed by (msgctxt, msgid): the global one wins, then the apps in
INSTALLED_APPS order. When two catalogues give the same key different translations,
one app silently shows the other's wording. A string whose meaning differs between
apps needs a context (pgettext / ``{% translate … context … %}``) or its own msgid.
"""

import ast
from collections import defaultdict
from pathlib import Path

import edugov

ROOT = Path(edugov.__file__).resolve().parent
LANGUAGE = "zh_Hans"


def catalogues():
    return sorted(ROOT.glob(f"**/locale/{LANGUAGE}/LC_MESSAGES/django.po"))


def _unquote(token, where):
    token = token.strip()
    if not (len(token) >= 2 and token[0] == '"' and token[-1] == '"'):
        raise ValueError(f"{where}: expected a quoted string, got {token!r}")
    return ast.literal_eval(token)


def parse_po(text, name="<po>"):
    """Entries of a .po file as dicts: msgctxt, msgid, msgid_plural, msgstr (a list, one
    per plural form), flags, obsolete. Strings may continue over several lines."""
    entries = []
    entry = None
    field = None

    def finish():
        nonlocal entry, field
        if entry is not None and "msgid" in entry:
            entries.append(entry)
        entry, field = None, None

    def start_if_needed(obsolete):
        nonlocal entry
        if entry is None:
            entry = {"flags": set(), "obsolete": obsolete, "msgstr": {}}

    for lineno, raw in enumerate(text.splitlines(), 1):
        where = f"{name}:{lineno}"
        line = raw.strip()
        obsolete = False
        if line.startswith("#~"):
            obsolete = True
            line = line[2:].strip()
            if line.startswith("|"):  # previous msgid of an obsolete fuzzy entry
                continue
        if not line:
            finish()
            continue
        if line.startswith("#"):
            # A comment after a complete entry opens the next one.
            if entry is not None and entry.get("msgstr"):
                finish()
            start_if_needed(obsolete)
            if line.startswith("#,"):
                entry["flags"].update(f.strip() for f in line[2:].split(",") if f.strip())
            continue
        if line.startswith('"'):
            if entry is None or field is None:
                raise ValueError(f"{where}: continuation line outside an entry")
            value = _unquote(line, where)
            if isinstance(field, tuple):
                entry["msgstr"][field[1]] += value
            else:
                entry[field] += value
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and entry is not None and entry.get("msgstr"):
            finish()  # entries not separated by a blank line
        start_if_needed(obsolete)
        if keyword in ("msgctxt", "msgid", "msgid_plural"):
            entry[keyword] = _unquote(rest, where)
            field = keyword
        elif keyword == "msgstr":
            entry["msgstr"][0] = _unquote(rest, where)
            field = ("msgstr", 0)
        elif keyword.startswith("msgstr[") and keyword.endswith("]"):
            index = int(keyword[len("msgstr[") : -1])
            entry["msgstr"][index] = _unquote(rest, where)
            field = ("msgstr", index)
        else:
            raise ValueError(f"{where}: unexpected line {raw!r}")
    finish()
    for e in entries:
        e["msgstr"] = [e["msgstr"][i] for i in sorted(e["msgstr"])]
        e.setdefault("msgctxt", None)
        e.setdefault("msgid_plural", None)
    return entries


def live_translations(path):
    """{(msgctxt, msgid): msgstr tuple}, leaving out the header, obsolete (#~) entries and
    untranslated ones. Fuzzy entries count: compilemessages skips them today, but they
    are one review away from the .mo file."""
    out = {}
    for e in parse_po(path.read_text(encoding="utf-8"), str(path)):
        if e["obsolete"] or e["msgid"] == "":
            continue
        if not any(e["msgstr"]):
            continue
        out[(e["msgctxt"], e["msgid"])] = tuple(e["msgstr"])
    return out


def collisions(paths):
    seen = defaultdict(dict)  # key -> {catalogue: msgstr}
    for path in paths:
        label = str(path.relative_to(ROOT.parent))
        for key, msgstr in live_translations(path).items():
            seen[key][label] = msgstr
    return {key: found for key, found in seen.items() if len(set(found.values())) > 1}


def describe(key, found):
    ctxt, msgid = key
    name = f"{msgid!r}" + (f" (context {ctxt!r})" if ctxt is not None else "")
    parts = ", ".join(f"{cat}: {' | '.join(msgstr)!r}" for cat, msgstr in sorted(found.items()))
    return f"{name}: {parts}"


def test_parser_handles_context_plurals_continuations_and_obsolete():
    text = r"""
msgid ""
msgstr ""
"Language: zh_Hans\n"

#: a.py:1
msgctxt "person"
msgid "name"
msgstr "姓名"

#, fuzzy
msgid "long"
" line"
msgstr ""
"长"
"行"

msgid "%(n)s row"
msgid_plural "%(n)s rows"
msgstr[0] "共 %(n)s 行"

#~ msgid "gone"
#~ msgstr "已删"
"""
    entries = parse_po(text)
    assert [(e["msgctxt"], e["msgid"]) for e in entries] == [
        (None, ""),
        ("person", "name"),
        (None, "long line"),
        (None, "%(n)s row"),
        (None, "gone"),
    ]
    assert entries[1]["msgstr"] == ["姓名"]
    assert entries[2]["msgstr"] == ["长行"] and "fuzzy" in entries[2]["flags"]
    assert entries[3]["msgid_plural"] == "%(n)s rows"
    assert entries[3]["msgstr"] == ["共 %(n)s 行"]
    assert entries[4]["obsolete"] and entries[4]["msgstr"] == ["已删"]


def test_collision_detection_uses_context(tmp_path):
    a = tmp_path / "a" / "django.po"
    b = tmp_path / "b" / "django.po"
    a.parent.mkdir()
    b.parent.mkdir()
    a.write_text('msgid "name"\nmsgstr "名称"\n', encoding="utf-8")
    b.write_text(
        'msgid "name"\nmsgstr "姓名"\n\nmsgctxt "person"\nmsgid "name"\nmsgstr "姓名"\n',
        encoding="utf-8",
    )
    seen = defaultdict(dict)
    for path in (a, b):
        for key, msgstr in live_translations(path).items():
            seen[key][path.parent.name] = msgstr
    clashing = {k for k, v in seen.items() if len(set(v.values())) > 1}
    assert clashing == {(None, "name")}


def test_catalogues_agree():
    paths = catalogues()
    assert len(paths) > 4, paths
    total = sum(len(live_translations(p)) for p in paths)
    assert total > 500, total
    found = collisions(paths)
    assert not found, (
        "The same msgid has different translations in two catalogues; give the string a "
        "context (pgettext) or align the wording:\n  "
        + "\n  ".join(describe(k, v) for k, v in sorted(found.items(), key=str))
    )
