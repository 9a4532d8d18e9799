"""`reportgen serve` in a real browser: headless Chromium (Debian's chromium and chromium-driver),
driven by selenium. Skipped where the browser, its driver or selenium is absent."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from serve_support import BROKEN, FACTS, Served, write

webdriver = pytest.importorskip("selenium.webdriver", reason="需要 selenium（pip install -e '.[test]' 会安装）")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="需要 chromium 和 chromedriver（Debian：apt-get install chromium chromium-driver）")
MM = 96 / 25.4  # CSS pixels in a millimetre


@pytest.fixture
def browser(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("SE_OFFLINE", "true")  # selenium never fetches a driver: it is given one
    monkeypatch.setenv("SE_AVOID_STATS", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _open(driver: Any, url: str) -> None:
    driver.get(url)
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#pages .sheet"))


def _tip(driver: Any, element: Any) -> str:
    """What the page shows with the pointer on element."""
    ActionChains(driver).move_to_element(element).perform()
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "tip").is_displayed())
    return str(driver.find_element(By.ID, "tip").text)


def _export(folder: Path) -> None:
    subprocess.run([sys.executable, "-m", "reportgen", "templates", "export", "summary", str(folder)],
                   check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_edit_hover_break_and_fix_in_a_live_page(tmp_path: Path, browser: Any) -> None:
    _export(tmp_path / "我的模板")
    facts = tmp_path / "facts.yaml"
    facts.write_text(FACTS, encoding="utf-8")
    with Served("facts.yaml", "--templates", "我的模板", cwd=tmp_path) as served:
        _open(browser, served.url)
        browser.execute_script("window.sameLoad = true")

        # A number: its fact path and value, and the line of the facts file it is on.
        seventeen = browser.execute_script(
            "return [...document.querySelectorAll('#pages .v')].find(e => e.textContent === '17')")
        shown = _tip(browser, seventeen)
        assert "study.group_study" in shown and "17" in shown and "第13行" in shown

        # A sentence: its phrase key, variant k of n with the others, and file:line.
        sentences = served.json()["draft"]["trace"]["sentences"]
        index, sentence = next((i, s) for i, s in enumerate(sentences)
                               if not s["phrase"]["builtin"] and "{" not in s["phrase"]["text"]
                               and "[" not in s["phrase"]["text"] and len(s["text"]) > 6)
        phrase = sentence["phrase"]
        shown = _tip(browser, browser.find_element(By.CSS_SELECTOR, f'#pages .s[data-s="{index}"]'))
        assert f"措辞键：{phrase['key']}" in shown
        assert f"第 {phrase['variant']} 种说法，共 {phrase['of']} 种" in shown
        assert f"{phrase['file']}:{phrase['line']}" in shown
        assert all(other in shown for other in phrase["others"])

        # Change that phrase in the exported folder: the page shows it within 2 s, not reloaded,
        # scrolled where it was.
        browser.execute_script("window.scrollTo(0, 500)")
        scrolled = browser.execute_script("return window.scrollY")
        new = "措辞改动立即可见" + (phrase["text"][-1] if phrase["text"][-1] in "，。；、" else "")
        path = tmp_path / phrase["file"]
        lines = path.read_text(encoding="utf-8").split("\n")
        line = lines[phrase["line"] - 1]
        lines[phrase["line"] - 1] = line[: line.index("- ") + 2] + json.dumps(new, ensure_ascii=False)
        write(path, "\n".join(lines))
        WebDriverWait(browser, 2, poll_frequency=0.05).until(
            lambda d: new in d.find_element(By.ID, "pages").text)
        assert browser.execute_script("return window.sameLoad") is True
        assert abs(browser.execute_script("return window.scrollY") - scrolled) <= 1

        # Break the facts file: the Chinese error list on top, the last good draft greyed below.
        write(facts, BROKEN)
        WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, "errors").is_displayed())
        errors = browser.find_element(By.ID, "errors").text
        assert "facts.yaml 第13行第16列：study.group_study（党委理论学习中心组集中学习）" in errors
        assert "阿拉伯数字" in errors
        pages = browser.find_element(By.ID, "pages")
        assert "stale" in pages.get_attribute("class") and new in pages.text
        assert browser.execute_script("return getComputedStyle(document.getElementById('pages')).opacity") < "1"

        # Fix it: the draft comes back, with the fixed number.
        write(facts, FACTS.replace("group_study: 17", "group_study: 19"))
        WebDriverWait(browser, 10).until(lambda d: not d.find_element(By.ID, "errors").is_displayed())
        assert "stale" not in pages.get_attribute("class")
        assert "集中学习19次" in pages.text.replace("\n", "")
        assert browser.execute_script("return window.sameLoad") is True


def test_the_page_is_a_gongwen_sheet(tmp_path: Path, browser: Any) -> None:
    (tmp_path / "facts.yaml").write_text(FACTS, encoding="utf-8")
    with Served("facts.yaml", cwd=tmp_path) as served:
        _open(browser, served.url)
        sheet = browser.execute_script("""
            const sheet = document.querySelector('.sheet').getBoundingClientRect();
            const text = document.querySelector('.sheet .text').getBoundingClientRect();
            const blank = document.querySelector('.sheet .blank').getBoundingClientRect();
            const style = (sel) => getComputedStyle(document.querySelector(sel));
            return {width: sheet.width, height: sheet.height, top: text.top - sheet.top,
                    left: text.left - sheet.left, textWidth: text.width, textHeight: text.height,
                    line: blank.height, title: style('.title').fontSize, body: style('.body').fontSize,
                    titleFont: style('.title').fontFamily, bodyFont: style('.body').fontFamily,
                    h1Font: style('.h1').fontFamily, number: document.querySelector('.sheet .pn').textContent};
        """)
        # A4, the 版心 37 mm from the top and 28 mm from the left, 156 mm × 225 mm, 22 lines
        assert abs(sheet["width"] - 210 * MM) < 1 and abs(sheet["height"] - 297 * MM) < 1
        assert abs(sheet["top"] - 37 * MM) < 1 and abs(sheet["left"] - 28 * MM) < 1
        assert abs(sheet["textWidth"] - 156 * MM) < 1 and abs(sheet["textHeight"] - 225 * MM) < 1
        assert abs(sheet["textHeight"] / sheet["line"] - 22) < 0.01
        assert abs(float(sheet["title"].removesuffix("px")) - 22 * 96 / 72) < 0.01  # 2号: 22 pt
        assert abs(float(sheet["body"].removesuffix("px")) - 16 * 96 / 72) < 0.01  # 3号: 16 pt
        assert "方正小标宋简体" in sheet["titleFont"] and "仿宋_GB2312" in sheet["bodyFont"]
        assert "黑体" in sheet["h1Font"] and sheet["number"] == "— 1 —"
        # Each line of body text holds 28 字, the first 26 after its indent of 2 字: counted from
        # where the browser put each character. (A line may hold one 字 less, where the next would
        # begin with a closing mark: 避头尾.)
        paragraphs = browser.execute_script("""
            return [...document.querySelectorAll('#pages .body')].map((p) => {
              const rows = new Map();
              const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
              const range = document.createRange();
              while (walker.nextNode()) {
                const node = walker.currentNode;
                for (let i = 0; i < node.length; i++) {
                  range.setStart(node, i); range.setEnd(node, i + 1);
                  const top = Math.round(range.getBoundingClientRect().top);
                  rows.set(top, (rows.get(top) || '') + node.data[i]);
                }
              }
              return [...rows.values()];
            });
        """)
        whole = re.compile(r"[^\x00-\xff]+")  # lines of whole 字 only (no digits, no Latin)
        firsts = [rows[0] for rows in paragraphs if len(rows) > 1 and whole.fullmatch(rows[0])]
        inner = [row for rows in paragraphs for row in rows[1:-1] if whole.fullmatch(row)]
        assert firsts and {len(row) for row in firsts} <= {25, 26} and 26 in {len(row) for row in firsts}
        assert inner and {len(row) for row in inner} <= {27, 28} and 28 in {len(row) for row in inner}


def test_a_finding_clicked_is_scrolled_to_and_highlighted(tmp_path: Path, browser: Any) -> None:
    (tmp_path / "facts.yaml").write_text(FACTS, encoding="utf-8")
    with Served("facts.yaml", cwd=tmp_path) as served:
        _open(browser, served.url)
        assert not browser.find_elements(By.CSS_SELECTOR, "#pages .gap")
        browser.find_element(By.ID, "gaps").click()  # --gaps: sections without facts, to fill in
        WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#pages .gap"))
        items = browser.find_elements(By.CSS_SELECTOR, "#findings li.placed")
        last = [item for item in items if "【待补充】" in item.text][-1]
        last.click()
        chosen = f'#pages .f.chosen[data-f="{last.get_attribute("data-f")}"]'
        WebDriverWait(browser, 10).until(lambda d: d.execute_script(f"""
            const el = document.querySelector('{chosen}');
            if (!el) return false;
            const box = el.getBoundingClientRect();
            return box.top >= 0 && box.bottom <= window.innerHeight;"""))
        assert "【待补充】" in browser.find_element(By.CSS_SELECTOR, chosen).text
