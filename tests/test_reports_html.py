"""The HTML report: self-contained, escaped, and — in headless Chromium — showing what a person needs."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_reports_sample import FakeLabelDB, sample_report

from fairbuy.models import AuditReport
from fairbuy.reports import render_report, write_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium not installed (Debian package `chromium`)"
)


@pytest.fixture(scope="module")
def report() -> AuditReport:
    return sample_report()


@pytest.fixture(scope="module")
def html(report: AuditReport) -> str:
    return render_report(report, "html", label_db=FakeLabelDB()).decode("utf-8")


class _Resources(HTMLParser):
    """Collects everything a browser would fetch on load (not plain <a href> links)."""

    def __init__(self) -> None:
        super().__init__()
        self.fetches: list[str] = []
        self.scripts_with_src = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" or (tag in ("img", "iframe", "embed", "source", "video", "audio", "object")):
            self.fetches.append(f"{tag}: {a}")
        if tag == "script" and a.get("src"):
            self.scripts_with_src += 1
            self.fetches.append(f"script: {a['src']}")
        for key in ("src", "srcset", "data", "poster", "background"):
            if a.get(key):
                self.fetches.append(f"{tag}[{key}]")


def test_self_contained_no_external_requests(html: str) -> None:
    parser = _Resources()
    parser.feed(html)
    assert parser.fetches == []
    assert "@import" not in html and "url(" not in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "<style>" in html and "<script>" in html
    assert html.count("<svg") == 2


def test_input_text_is_escaped(html: str) -> None:
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co" in html
    assert "=HYPERLINK(&#34;http://x&#34;)" in html
    assert 'href="http://x"' not in html


def test_summary_items_and_findings_are_in_the_document(html: str, report: AuditReport) -> None:
    assert len(re.findall(r"<tr data-status=", html)) == len(report.items)
    assert '<div class="card" id="fig-items"><div class="v">18</div>' in html
    assert "4.193,50 €" in html
    assert "Anteil fairer Kaffee 36,6 % (Ziel: 100 %)." in html
    assert html.count('<span class="badge st-') >= len(report.items) + sum(len(i.findings) for i in report.items)
    assert '<a href="https://www.fairtrade.net/standard">' in html
    assert "@media print" in html


def test_english(report: AuditReport) -> None:
    en = render_report(report, "html", lang="en").decode()
    assert '<html lang="en">' in en and "audit report" in en and "non-compliant" in en
    assert "€4,193.50" in en


def _chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    cmd = [CHROMIUM or "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90)


def _visible_rows(dom: str) -> list[str]:
    tags = re.findall(r"<tr\b[^>]*\bdata-status=[^>]*>", dom)
    out = []
    for tag in tags:
        status = re.search(r'data-status="(\w+)"', tag)
        cls = re.search(r'class="([^"]*)"', tag)
        if status and not (cls and "hidden" in cls.group(1).split()):
            out.append(status.group(1))
    return out


@needs_chromium
def test_chromium_renders_summary_and_items_and_filters(tmp_path: Path, report: AuditReport) -> None:
    page = tmp_path / "bericht.html"
    write_report(report, page, label_db=FakeLabelDB())
    shot = tmp_path / "bericht.png"
    proc = _chromium(["--window-size=1400,2200", f"--screenshot={shot}", page.as_uri()], tmp_path / "p1")
    assert shot.exists() and shot.read_bytes().startswith(b"\x89PNG"), proc.stderr[-2000:]
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one
    print(f"screenshot: {shot}")

    dom = _chromium(["--dump-dom", page.as_uri()], tmp_path / "p2").stdout
    assert 'id="fig-items"><div class="v">18</div>' in dom
    assert "4.193,50 €" in dom
    assert "Röstkaffee gemahlen 500 g, Fairtrade" in dom
    assert len(_visible_rows(dom)) == len(report.items)
    assert '<span id="shown-n">18</span>' in dom  # the script ran and counted

    filtered = _chromium(["--dump-dom", page.as_uri() + "#status=non_compliant"], tmp_path / "p3").stdout
    visible = _visible_rows(filtered)
    assert visible == ["non_compliant"] * 10
    assert '<span id="shown-n">10</span>' in filtered

    searched = _chromium(["--dump-dom", page.as_uri() + "#q=granit"], tmp_path / "p4").stdout
    assert sorted(_visible_rows(searched)) == ["compliant", "needs_review"]
