"""The wheel carries the templates: build it, install it in a fresh venv, draft outside the tree."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling", reason="需要 hatchling（pip install -e '.[test]' 会安装）")
    out = tmp_path_factory.mktemp("dist")
    # --no-build-isolation: no network needed, hatchling comes from the test extra
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(ROOT)], check=True, capture_output=True)
    [built] = out.glob("reportgen_zh-*.whl")  # the distribution's name: "reportgen" on the index is another project
    return built


def test_wheel_contains_templates_and_no_tests(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "reportgen/templates/summary/report.md.j2" in names
    for wording in ("_shared/phrases.yaml", "_shared/problems.yaml", "_shared/terms.yaml", "summary/phrases.yaml",
                    "rollup/phrases.yaml"):
        assert f"reportgen/templates/{wording}" in names
    assert "reportgen/check/lexicon.yaml" in names  # check's lexicon of 规范表述 ships as data
    for asset in ("index.html", "page.css", "page.js"):  # the page of `reportgen serve`
        assert f"reportgen/serve/assets/{asset}" in names
    assert not any(n.startswith("tests/") for n in names)


def test_installed_package_drafts_outside_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    # The dependencies come from the running environment; the package itself only from the wheel.
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    bindir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    python = bindir / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "-q", str(wheel)], check=True, capture_output=True)
    work = tmp_path / "work"
    work.mkdir()
    sample = shutil.copy(ROOT / "samples" / "双胜镇-2024H1.yaml", work / "facts.yaml")
    where = subprocess.run([str(python), "-c", "import reportgen, sys; print(reportgen.__file__)"],
                           capture_output=True, text=True, cwd=work, check=True).stdout
    assert str(env_dir) in where and str(ROOT) not in where
    done = subprocess.run([str(bindir / "reportgen"), "draft", str(sample), "-o", "out/"],
                          capture_output=True, text=True, cwd=work, check=False)
    assert done.returncode == 0, done.stderr
    drafted = work / "out" / "双胜镇2024年上半年意识形态工作总结.md"
    assert drafted.read_text(encoding="utf-8").startswith("# 双胜镇2024年上半年意识形态工作总结")
    (work / "稿.txt").write_text("截止2024年底，贯切落实。\n", encoding="utf-8")
    checked = subprocess.run([str(bindir / "reportgen"), "check", "稿.txt"], capture_output=True, text=True,
                             cwd=work, check=False)
    assert checked.returncode == 1 and "[typo]" in checked.stdout and "[confusable]" in checked.stdout
