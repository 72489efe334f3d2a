#!/usr/bin/env python3
"""One command to install and run: `python3 ./dev.py run` or `python3 ./dev.py test`.

Needs only Python 3.11+. It makes `.venv/` next to this file, installs the
project into it (again only when pyproject.toml or setup.py changed), then runs:

    run    the bot (`python -m bot`); with no TELEGRAM_BOT_TOKEN, the terminal chat
    test   the whole test suite (`python -m pytest`); extra arguments go to pytest
    calc   the calculator command (`python -m calculator ...`)
    bench  the benchmarks under bench/
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed"
INSTALL_INPUTS = ("pyproject.toml", "setup.py")


def venv_python() -> Path:
    sub = "Scripts/python.exe" if os.name == "nt" else "bin/python"
    return VENV / sub


def fingerprint(extras: str) -> str:
    digest = hashlib.sha256(extras.encode())
    for name in INSTALL_INPUTS:
        path = ROOT / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_installed(extras: str) -> Path:
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 or newer is needed (this is {sys.version.split()[0]}).")
    python = venv_python()
    # Progress goes to stderr: stdout is the command's own (`dev.py calc ... --json | jq` on a fresh clone).
    if not python.exists():
        print("Creating .venv ...", file=sys.stderr, flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = fingerprint(extras)
    # The test extras include everything `run` and `calc` need: switching between them reinstalls nothing.
    enough = {wanted, fingerprint("test")} if not extras else {wanted}
    if STAMP.exists() and STAMP.read_text() in enough:
        return python
    print(f"Installing the project{f' with [{extras}]' if extras else ''} into .venv ...", file=sys.stderr, flush=True)
    target = f".[{extras}]" if extras else "."
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target],
        cwd=ROOT,
        check=True,
    )
    STAMP.write_text(wanted)
    return python


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("run", [])
    if command == "run":
        python = ensure_installed("")
        args = [str(python), "-m", "bot", *rest]
    elif command == "test":
        python = ensure_installed("test")
        args = [str(python), "-m", "pytest", *rest]
    elif command == "calc":
        python = ensure_installed("")
        args = [str(python), "-m", "calculator", *rest]
    elif command == "bench":
        python = ensure_installed("test")
        scripts = sorted((ROOT / "bench").glob("bench_*.py"))
        status = 0
        for script in scripts:
            print(f"== {script.name}", flush=True)
            status |= subprocess.run([str(python), str(script), *rest], cwd=ROOT).returncode
        return status
    else:
        print(__doc__)
        return 2
    try:
        return subprocess.run(args, cwd=ROOT).returncode
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
