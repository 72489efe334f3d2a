"""Keeping the gettext catalogs in step with the code (a developer tool; the bot never runs it).

    python -m conversations.catalogs extract   # code -> conversations/locale/messages.pot
    python -m conversations.catalogs update    # .pot -> every <lang>/LC_MESSAGES/messages.po (new entries empty)
    python -m conversations.catalogs check     # untranslated, fuzzy or broken entries; exit 1 if any

The same as `pybabel extract -F babel.cfg -k _ -k N_ -k ngettext:1,2` and
`pybabel update`, with one difference in checking: babel takes any message
with a "%" followed by a letter ("10% of") for a %-format string (it re-adds
the python-format flag whenever it reads a catalog) and then reports the
translation ("10% de") as incompatible, so `pybabel compile` prints a few
such errors (and still compiles). Our texts are `str.format` templates where
"%" is always literal: `check` ignores that check and instead verifies that
every translation keeps exactly the {placeholders} of its English text.

Compiling to .mo is the build's job (setup.py); a checkout without a build
compiles in memory (conversations.i18n).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

__all__ = ["KEYWORDS", "POT", "ROOT", "catalog_problems", "extract", "po_files", "update"]

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
POT = LOCALE_DIR / "messages.pot"
#: -k _ -k N_ -k ngettext:1,2 (plus gettext, which `Texts.gettext` calls are).
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def po_files() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/messages.po"))


def extract(root: Path = ROOT) -> Catalog:
    """The messages of the code, as `pybabel extract -F babel.cfg` finds them."""
    with (root / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    catalog = Catalog(project="loan-offset-bot", version="0.1.0", copyright_holder="loan-offset-bot contributors")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root), method_map, options_map, keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True
    ):
        catalog.add(message, None, [(filename.replace("\\", "/"), lineno)], auto_comments=comments, context=context)
    for message in catalog:
        message.flags.discard("python-format")
    return catalog


def write(catalog: Catalog, path: Path) -> None:
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, sort_output=False)


def update(template: Catalog | None = None) -> list[Path]:
    """Merge the .pot into every .po: new strings arrive empty, changed ones fuzzy."""
    template = template or _read(POT)
    for path in po_files():
        catalog = _read(path)
        catalog.update(template, update_header_comment=False)
        catalog.obsolete.clear()
        for message in catalog:
            message.flags.discard("python-format")
        write(catalog, path)
    return po_files()


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=None if path.suffix == ".pot" else path.parent.parent.name)


def _placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def catalog_problems(path: Path) -> list[str]:
    """What keeps a catalog from being complete: untranslated, fuzzy, placeholders that differ, babel's checks."""
    catalog = _read(path)
    problems: list[str] = []
    for message in catalog:
        if not message.id:
            if message.fuzzy:
                problems.append(f"{path}: the header is marked fuzzy (the catalog would be skipped)")
            continue
        name = repr(message.id if isinstance(message.id, str) else message.id[0])[:70]
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if message.fuzzy:
            problems.append(f"{path}:{message.lineno}: fuzzy: {name}")
        if not all(strings):
            problems.append(f"{path}:{message.lineno}: untranslated: {name}")
            continue
        wanted = set().union(*(_placeholders(i) for i in ids))
        for string in strings:
            if _placeholders(string) != wanted:
                problems.append(
                    f"{path}:{message.lineno}: placeholders {sorted(_placeholders(string))} "
                    f"instead of {sorted(wanted)}: {name}"
                )
        message.flags.discard("python-format")  # see the module docstring
        for error in message.check(catalog):
            problems.append(f"{path}:{message.lineno}: {error}: {name}")
    return problems


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "extract":
        catalog = extract()
        write(catalog, POT)
        print(f"{POT.relative_to(ROOT)}: {len(catalog)} messages")
        return 0
    if command == "update":
        for path in update():
            print(f"updated {path.relative_to(ROOT)}")
        return 0
    if command == "check":
        problems = [p for path in po_files() for p in catalog_problems(path)]
        print("\n".join(problems) or "catalogs complete")
        return 1 if problems else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
