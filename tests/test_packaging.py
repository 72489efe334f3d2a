"""Packaging (issue #4 "Docker"): the wheel ships compiled catalogs and the calculator's data; the Dockerfile is sane.

The wheel is built from a copy of the sources without any .mo file, so the
test proves setup.py's build_py compiles the catalogs (what the Dockerfile's
build stage relies on). Build requirements (setuptools, wheel, babel) come from
the configured package index; when they cannot be had (offline), the wheel
test is skipped rather than failed.
"""

from __future__ import annotations

import gettext
import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "calculator", "conversations")
_OFFLINE = re.compile(r"No matching distribution|Could not find a version|Failed to establish|Network is unreachable|ConnectionError", re.I)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    base = tmp_path_factory.mktemp("wheel")
    src, out = base / "src", base / "dist"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "*.egg-info")
    for name in PACKAGES:
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    for name in ("pyproject.toml", "setup.py", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, src / name)
    assert not list(src.rglob("*.mo"))
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-cache-dir", "--quiet", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    if result.returncode != 0:
        if _OFFLINE.search(result.stdout + result.stderr):
            pytest.skip("cannot fetch the build requirements (offline?)")
        raise AssertionError(f"pip wheel failed:\n{result.stdout}\n{result.stderr}")
    [built] = out.glob("loan_offset_bot-*.whl")
    with zipfile.ZipFile(built) as archive:
        yield archive


def test_wheel_ships_compiled_catalogs(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    mo = "conversations/locale/es/LC_MESSAGES/messages.mo"
    assert mo in names
    spanish = gettext.GNUTranslations(io.BytesIO(wheel.read(mo)))
    assert spanish.gettext("Start a new estimate") not in ("", "Start a new estimate")
    # Every catalog in the tree became a .mo.
    for po in (ROOT / "conversations" / "locale").glob("*/LC_MESSAGES/messages.po"):
        assert po.relative_to(ROOT).with_suffix(".mo").as_posix() in names


def test_wheel_ships_data_code_and_entry_points(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    data = {p.relative_to(ROOT).as_posix() for p in (ROOT / "calculator" / "data").rglob("*.json")}
    assert data and data <= names
    for module in ("bot/__main__.py", "bot/webhook.py", "bot/app.py", "conversations/engine.py", "calculator/__init__.py"):
        assert module in names
    assert not any(name.startswith("tests/") for name in names)
    [entry_points] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    text = wheel.read(entry_points).decode()
    assert "loan-offset-bot = bot.__main__:main" in text
    [metadata] = [n for n in names if n.endswith(".dist-info/METADATA")]
    requires = wheel.read(metadata).decode()
    assert re.search(r"Requires-Dist: python-telegram-bot\[[^\]]*webhooks", requires)  # tornado, for bot.webhook


def _final_stage(dockerfile: str) -> list[str]:
    """The instructions of the last stage, continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n", " ", dockerfile)
    lines = [line.strip() for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    starts = [i for i, line in enumerate(lines) if line.upper().startswith("FROM ")]
    assert len(starts) >= 2, "expected a multi-stage build"
    return lines[starts[-1] :]


def test_dockerfile_runtime_stage() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    stage = _final_stage(text)

    def instructions(name: str) -> list[str]:
        return [line.split(None, 1)[1] for line in stage if line.split(None, 1)[0].upper() == name]

    [user] = instructions("USER")
    assert user.split(":")[0] not in ("root", "0")
    assert stage.index(next(l for l in stage if l.upper().startswith("USER "))) > stage.index(
        next(l for l in stage if "pip install" in l)
    ), "install as root, then drop privileges"
    [healthcheck] = instructions("HEALTHCHECK")
    assert re.search(r'CMD \["python", "-m", "bot", "healthcheck"\]', healthcheck)
    [volume] = instructions("VOLUME")
    assert "/data" in volume
    assert "8080" in instructions("EXPOSE")[0]
    assert any("BOT_DATABASE_URL=sqlite:////data/" in env for env in instructions("ENV"))
    assert instructions("CMD") == ['["python", "-m", "bot"]']
    # The build stage makes the wheels (which compiles the catalogs); the runtime installs only those.
    assert "pip wheel" in text
    assert any("--no-index" in line for line in instructions("RUN"))


def test_dockerignore_keeps_secrets_and_state_out() -> None:
    patterns = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines() if line.strip() and not line.startswith("#")}
    for needed in (".env", ".git", ".venv", "data"):
        assert needed in patterns
    # calculator/data must stay in the build context: "data" only matches the top-level folder.
    assert "**/data" not in patterns and "calculator" not in patterns


def _dev_module(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("dev_script", ROOT / "dev.py")
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    venv_dir = tmp_path / ".venv"
    monkeypatch.setattr(dev, "VENV", venv_dir)
    monkeypatch.setattr(dev, "STAMP", venv_dir / ".installed")
    python = dev.venv_python()
    python.parent.mkdir(parents=True)
    python.write_text("")  # an existing interpreter: no venv is created
    return dev


def test_dev_py_reuses_a_test_install_for_run_and_calc(tmp_path, monkeypatch, capsys):
    dev = _dev_module(tmp_path, monkeypatch)
    dev.STAMP.write_text(dev.fingerprint("test"))
    monkeypatch.setattr(dev.subprocess, "run", lambda *a, **k: pytest.fail("reinstalled"))
    dev.ensure_installed("")  # `calc` after `test`: the test extras already hold what it needs
    assert capsys.readouterr().out == ""


def test_dev_py_says_it_installs_on_stderr_so_calc_json_stays_clean(tmp_path, monkeypatch, capsys):
    dev = _dev_module(tmp_path, monkeypatch)
    calls = []
    monkeypatch.setattr(dev.subprocess, "run", lambda *a, **k: calls.append(a))
    dev.ensure_installed("")
    out, err = capsys.readouterr()
    assert calls and out == "" and "Installing the project" in err
    assert dev.STAMP.read_text() == dev.fingerprint("")
