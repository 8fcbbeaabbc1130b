#!/usr/bin/python3
"""Checks monsim's report pages (report.html, check-*.html).

  html_pages.py PAGE...            what any page must be: one self-contained HTML file (no
                                   network: no http(s) link, no external script, style or
                                   image), every link resolving (a file beside it, or an id
                                   on the page), tables and SVGs closed
  html_pages.py --browser PAGE...  the same, then each page loaded in headless Chromium:
                                   its script ran (data-ready), no error was raised or logged
                                   on the console, its sortable table sorts both ways
                                   (#selftest), and its screenshot is not blank

Exit 0 when every page passes, 1 naming the first failure, 77 when --browser is asked for
and Chromium cannot run here (saying why).
"""
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse


class Collect(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.sources, self.depth = set(), [], [], {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        for key in ("src", "href"):
            if key in a and tag != "a":
                self.sources.append((tag, a[key]))
        if tag in ("table", "svg", "pre", "ul"):
            self.depth[tag] = self.depth.get(tag, 0) + 1

    def handle_endtag(self, tag):
        if tag in ("table", "svg", "pre", "ul"):
            self.depth[tag] = self.depth.get(tag, 0) - 1


def fail(page, why):
    print(f"FAIL: {page}: {why}")
    sys.exit(1)


def check_structure(page):
    text = open(page, encoding="utf-8").read()
    if not text.startswith("<!DOCTYPE html>"):
        fail(page, "not an HTML5 page")
    c = Collect()
    c.feed(text)
    if c.sources:
        fail(page, f"loads something from outside the page: {c.sources[0]}")
    for tag, n in c.depth.items():
        if n != 0:
            fail(page, f"<{tag}> not closed ({n})")
    base = os.path.dirname(os.path.abspath(page))
    for href in c.links:
        if re.match(r"^[a-z]+:", href):
            fail(page, f"a link off the page: {href}")
        if href.startswith("#"):
            if href[1:] not in c.ids:
                fail(page, f"link {href}: no such id on the page")
            continue
        target = os.path.join(base, urllib.parse.unquote(href.split("#")[0]))
        if not os.path.exists(target):
            fail(page, f"link {href} does not resolve ({target})")
    return text, len(c.links)


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def not_blank(png):
    """Distinct colours and the share of non-white pixels, with Debian's matplotlib."""
    try:
        import matplotlib.image
        import numpy
    except ImportError:
        return None
    img = matplotlib.image.imread(png)
    flat = (img[:, :, :3] * 255).astype("uint8").reshape(-1, 3)
    colours = len(numpy.unique(flat, axis=0))
    ink = float((flat.min(axis=1) < 240).mean())
    return colours, ink


def run_browser(exe, page, work):
    png = os.path.join(work, "shot.png")
    url = "file://" + urllib.parse.quote(os.path.abspath(page)) + "#selftest"
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--enable-logging=stderr", "--v=0",
           f"--user-data-dir={work}/profile", "--window-size=1100,1400", "--dump-dom", f"--screenshot={png}", url]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=180, env=dict(os.environ, HOME=work))
    return p, png


def check_browser(exe, page, text, work):
    p, png = run_browser(exe, page, work)
    dom = p.stdout
    if 'data-ready="yes"' not in dom:
        fail(page, f"the page's script did not run to its end in Chromium (exit {p.returncode}): {p.stderr[-600:]}")
    m = re.search(r'data-errors="([^"]*)"', dom)
    if m:
        fail(page, f"errors raised in the page: {m.group(1)}")
    console = [l for l in p.stderr.splitlines() if ":CONSOLE" in l]
    if console:
        fail(page, f"the console said: {console[0]}")
    if 'class="sortable"' in text and 'data-selftest="ok"' not in dom:
        fail(page, "its first sortable table did not sort both ways")
    if not os.path.exists(png):
        fail(page, "no screenshot")
    shade = not_blank(png)
    if shade is not None and (shade[0] < 8 or shade[1] < 0.01):
        fail(page, f"the screenshot is blank ({shade[0]} colours, {shade[1]:.4f} of it ink)")
    return shade


def main():
    args = sys.argv[1:]
    browser = bool(args) and args[0] == "--browser"
    pages = args[1:] if browser else args
    if not pages:
        print(__doc__)
        return 2
    exe = None
    if browser:
        exe = chromium()
        if not exe:
            print("SKIP: no Chromium here (apt-get install chromium): the pages were not loaded in a browser")
            return 77
    with tempfile.TemporaryDirectory() as work:
        if browser:
            probe = os.path.join(work, "probe.html")
            open(probe, "w").write("<!DOCTYPE html><p>probe</p>")
            try:
                p, _ = run_browser(exe, probe, work)
            except (OSError, subprocess.TimeoutExpired) as e:
                print(f"SKIP: Chromium cannot run here: {e}")
                return 77
            if "probe" not in p.stdout:
                print(f"SKIP: Chromium cannot run here (exit {p.returncode}): {p.stderr.strip()[-400:]}")
                return 77
        for page in pages:
            text, links = check_structure(page)
            line = f"{os.path.relpath(page)}: {len(text)} bytes, {links} links resolve"
            if browser:
                shade = check_browser(exe, page, text, work)
                line += "; Chromium: script ran, no console error, sorts" + (
                    f", screenshot {shade[0]} colours, {100 * shade[1]:.1f}% ink" if shade else "")
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
