"""Measure `reportgen serve`: how soon a saved phrase shows in the page, and what the page weighs.
Run by hand (needs chromium, chromedriver and selenium: pip install -e '.[test]'); nothing here is
a test.

    python bench/serve_latency.py                      # the sample summary, 10 saves
    python bench/serve_latency.py --saves 30 --facts ../shared/spec/implementation-2024-redhead.yaml
    python bench/serve_latency.py --edit facts          # save the facts file instead (a topic of study)

A phrase of an exported templates folder (or the first of study.topics in the facts file) is
rewritten on disk again and again; the page notes
(with a MutationObserver, on the same clock) when the new text is in the DOM. Reported: the
latency from the save to the text on the page (median and worst), the time to the first sheet
on opening the page, and the bytes the page loads (page, assets, draft JSON), as the browser
counted them. Target: every save on the page within 1 s.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000")
WATCH = """
window.seen = {};
new MutationObserver(() => {
  const text = document.getElementById('pages').textContent;
  for (const m of text.matchAll(/测量第([零一二三四五六七八九十]+)次改动/g)) {
    if (!(m[1] in window.seen)) window.seen[m[1]] = Date.now();
  }
}).observe(document.getElementById('pages'), {childList: true, subtree: true, characterData: true});
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--facts", type=Path, default=ROOT / "samples" / "双胜镇-2024H1.yaml")
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--edit", choices=["phrase", "facts"], default="phrase")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    shutil.copy(args.facts, work / "facts.yaml")
    report_type = re.search(r"^type:\s*(\w+)", args.facts.read_text(encoding="utf-8"), re.M)
    subprocess.run([sys.executable, "-m", "reportgen", "templates", "export",
                    report_type.group(1) if report_type else "summary", str(work / "t")],
                   check=True, capture_output=True)
    server = subprocess.Popen([sys.executable, "-m", "reportgen", "serve", "facts.yaml", "--templates", "t",
                               "--port", "0"], cwd=work, stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    url = re.search(r"http://\S+", server.stdout.readline())
    assert url
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for flag in (*FLAGS, f"--user-data-dir={work / 'profile'}"):
        options.add_argument(flag)
    service = Service(shutil.which("chromedriver") or "chromedriver")
    driver = webdriver.Chrome(service=service, options=options)
    try:
        opened = time.time()
        driver.get(url.group(0))
        WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.querySelector('.sheet')"))
        first = time.time() - opened
        loaded = driver.execute_script(
            "return performance.getEntries().filter(e => e.transferSize !== undefined)"
            ".map(e => [e.name, e.transferSize, e.decodedBodySize])")
        driver.execute_script(WATCH)
        draft = json.loads(driver.execute_script(
            "return fetch('/draft.json').then(r => r.text())"))["draft"]
        if args.edit == "phrase":
            sentence = next(s for s in draft["trace"]["sentences"]
                            if not s["phrase"]["builtin"] and "{" not in s["phrase"]["text"])
            path, at = work / sentence["phrase"]["file"], sentence["phrase"]["line"] - 1
            tail = "，"
        else:
            path = work / "facts.yaml"
            at = next(i for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"))
                      if line.strip().startswith("topics:")) + 1
            tail = ""
        lines = path.read_text(encoding="utf-8").split("\n")
        head = lines[at][: lines[at].index("- ") + 2]
        latencies = []
        for n in range(1, args.saves + 1):
            lines[at] = head + json.dumps(f"测量第{_cn(n)}次改动{tail}", ensure_ascii=False)
            saved = time.time()
            path.write_text("\n".join(lines), encoding="utf-8")
            shown = WebDriverWait(driver, 30, poll_frequency=0.02).until(
                lambda d, n=n: d.execute_script(f"return window.seen['{_cn(n)}']"))
            latencies.append(shown / 1000 - saved)
            time.sleep(0.3)
        total = sum(size for _, size, _ in loaded)
        print(f"facts: {args.facts.name}; {len(draft['html'])} characters of page HTML; "
              f"editing the {args.edit}")
        print(f"first sheet on screen after opening the page: {first:.2f} s")
        print(f"page load: {total / 1024:.1f} KiB transferred in {len(loaded)} requests")
        for name, size, decoded in loaded:
            print(f"    {size / 1024:7.1f} KiB  ({decoded / 1024:.1f} KiB decoded)  {name}")
        print(f"save → text on the page, {len(latencies)} saves: "
              f"median {statistics.median(latencies):.3f} s, worst {max(latencies):.3f} s, "
              f"best {min(latencies):.3f} s")
    finally:
        driver.quit()
        server.send_signal(signal.SIGINT)
        server.wait(20)
        shutil.rmtree(work, ignore_errors=True)


def _cn(n: int) -> str:
    """A count in Chinese numerals: phrasebooks take no Arabic digits."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    return ("" if n < 20 else digits[n // 10]) + "十" + (digits[n % 10] if n % 10 else "")


if __name__ == "__main__":
    main()
