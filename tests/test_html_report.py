"""The HTML report in a real headless Chromium: highlights, hover text, filters, screenshot.

Uses Debian's chromium and chromium-driver through Selenium. Skips with a reason where they
are not installed (a user's fresh machine); .ci/run installs them so CI always runs it.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest

from tests.conftest import ROOT, run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


def test_report_is_self_contained(tmp_path) -> None:
    out = tmp_path / "report.html"
    result = run("check", "--format", "html", "--output-file", str(out), str(ROOT / "examples"))
    assert result.exit_code == 1
    html = out.read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "http://" not in html.replace('"http://', "") and "<link" not in html
    assert "<script src" not in html
    findings = json.loads(run("check", "--format", "json", str(ROOT / "examples")).stdout)
    assert html.count('class="finding-item"') == len(findings)


def test_a_draft_given_by_absolute_path_is_shown_relative(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "d.txt").write_text("在会议上的讲话\n同志们：\n回顾20xx年。\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "report.html"
    run("check", "--format", "html", "--output-file", str(out), str(folder / "d.txt"))
    html = out.read_text("utf-8")
    assert "<h2>drafts/d.txt " in html and str(tmp_path) not in html.split("<h2>", 1)[1][:200]
    elsewhere = tmp_path.parent / f"{tmp_path.name}-other.txt"
    elsewhere.write_text("在会议上的讲话\n同志们：\n回顾20xx年。\n", encoding="utf-8")
    try:
        run("check", "--format", "html", "--output-file", str(out), str(elsewhere))
        assert f"<h2>{elsewhere} " in out.read_text("utf-8")  # outside: as given
    finally:
        elsewhere.unlink()


@pytest.mark.skipif(
    not (CHROMIUM and DRIVER) and not os.environ.get("CI"),
    reason="chromium and chromedriver are not installed (apt-get install chromium chromium-driver)",
)
def test_highlights_and_filters_in_headless_chromium(tmp_path) -> None:
    assert CHROMIUM and DRIVER, ".ci/run must install chromium and chromium-driver"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "a.txt").write_text(
        "在全县工会工作会议上的讲话\n同志们：\n回顾总结20xx年工作，召开全委(扩大)会议。\n"
        "一、提高认识\n截止目前，市委副书记×××同志出席。\n二、突出重点\n正文。\n谢谢大家！\n",
        encoding="utf-8",
    )
    out = tmp_path / "report.html"
    run("check", "--format", "html", "--output-file", str(out), str(drafts))
    findings = json.loads(run("check", "--format", "json", str(drafts)).stdout)
    placeholders = [f for f in findings if f["category"] == "placeholder"]
    assert len(placeholders) == 2 and len(findings) > len(placeholders)

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
                "--window-size=1300,1000"):  # fmt: skip
        options.add_argument(arg)
    browser = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        browser.get(out.as_uri())
        marks = browser.find_elements(By.CSS_SELECTOR, "mark.finding")
        assert marks, "no highlights"
        year = next(m for m in marks if m.text == "20xx")
        assert "PH001" in year.get_attribute("title")  # the message on hover
        assert year.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
        shown = browser.find_element(By.ID, "shown-count")
        assert int(shown.text) == len(findings)
        browser.find_element(By.CSS_SELECTOR, ".filter-cat[value='placeholder']").click()
        assert int(shown.text) == len(findings) - len(placeholders)
        assert "off" in year.get_attribute("class")
        assert year.value_of_css_property("background-color") == "rgba(0, 0, 0, 0)"
        visible = [li for li in browser.find_elements(By.CSS_SELECTOR, "li.finding-item")
                   if li.is_displayed()]  # fmt: skip
        assert len(visible) == len(findings) - len(placeholders)
        browser.find_element(By.CSS_SELECTOR, ".filter-sev[value='error']").click()
        assert all(
            f["severity"] != "error" or f["category"] == "placeholder" for f in findings
        ) or int(shown.text) < len(findings) - len(placeholders)
        outline = browser.find_elements(By.CSS_SELECTOR, "nav.outline li[data-kind='section']")
        assert len(outline) == 2
        screenshot = tmp_path / "report.png"
        browser.save_screenshot(str(screenshot))
        assert screenshot.stat().st_size > 10_000
    finally:
        browser.quit()
