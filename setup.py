"""Build step for the gettext catalogs; everything else is in pyproject.toml.

`build_py` compiles every conversations/locale/<lang>/LC_MESSAGES/messages.po
to messages.mo before the package files are collected, so wheels, sdists
built into wheels, `pip install .` and `pip install -e .` all ship the .mo
files (pyproject.toml lists them as package data). The .mo files are build
products: .gitignore keeps them out of git.

Babel is in build-system.requires. A catalog with a broken entry (a
translation whose {placeholders} differ from the English) fails the build
rather than shipping a message that would crash when formatted.
"""

from __future__ import annotations

import re
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
LOCALE_DIR = ROOT / "conversations" / "locale"
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def compile_catalogs(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Compile each messages.po under `locale_dir` to a messages.mo beside it; returns the .mo paths."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/messages.po")):
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=po_path.parent.parent.name, abort_invalid=True)
        errors = []
        for message in catalog:
            if not message.id or not message.string or message.fuzzy:
                continue  # left out of the .mo, so English is shown
            ids = [message.id] if isinstance(message.id, str) else list(message.id)
            strings = [message.string] if isinstance(message.string, str) else list(message.string)
            wanted = set().union(*(_PLACEHOLDER.findall(i) for i in ids))
            for string in strings:
                if string and set(_PLACEHOLDER.findall(string)) != wanted:
                    errors.append(f"{po_path}:{message.lineno}: placeholders differ from {ids[0]!r}")
        if errors:
            raise SystemExit("broken translations:\n" + "\n".join(errors))
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(mo_path)
    return written


class BuildPyWithCatalogs(build_py):
    """build_py that compiles the gettext catalogs first (editable installs run it too)."""

    def run(self) -> None:
        for mo_path in compile_catalogs():
            self.announce(f"compiled {mo_path.relative_to(ROOT)}", level=2)
        super().run()


setup(cmdclass={"build_py": BuildPyWithCatalogs})
