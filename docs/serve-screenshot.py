"""Regenerates the README's picture of `reportgen serve`: the page in headless Chromium, a
folder of the samples open on 双胜镇's summary with the summary's wording exported to 我的模板,
the pointer on a number in a sentence.

    python docs/serve-screenshot.py            # writes docs/serve-page.png

Needs chromium, chromedriver (Debian: apt-get install chromium chromium-driver) and selenium
(pip install -e '.[test]'). The browser loads nothing but the local page.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "serve-page.png"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
         "--hide-scrollbars")


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="serve-screenshot-"))
    shutil.copytree(ROOT / "samples", work / "各单位")
    subprocess.run([sys.executable, "-m", "reportgen", "templates", "export", "summary", "我的模板"],
                   cwd=work, check=True, capture_output=True)
    command = [sys.executable, "-m", "reportgen", "serve", "各单位", "--templates", "我的模板", "--port", "0"]
    server = subprocess.Popen(command, cwd=work, stdout=subprocess.PIPE, text=True)
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
        driver.get(url.group(0) + "#file=" + "双胜镇-2024H1.yaml")
        WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#pages .sheet"))
        driver.execute_script("window.scrollTo(0, 60)")
        # a sentence of the second paragraph, with a count from the facts in it
        target = driver.execute_script("""
            return [...document.querySelectorAll('#pages .s')].find(
                (s) => s.querySelector('.v') && /\\d/.test(s.querySelector('.v').textContent)
                       && s.getBoundingClientRect().top > 560);""")
        number = target.find_element(By.CSS_SELECTOR, ".v")
        ActionChains(driver).move_to_element(number).perform()
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "tip").is_displayed())
        driver.save_screenshot(str(OUT))
    finally:
        driver.quit()
        server.send_signal(signal.SIGINT)
        server.wait(20)
        shutil.rmtree(work, ignore_errors=True)
    print(OUT.relative_to(ROOT))


if __name__ == "__main__":
    main()
