"""The clicks section's watcher (bench/clicks.py WATCH) counts what a person can see: a change of the
page's elements, or of a canvas itself, moves the page's «last change»; a change inside a canvas (its
fallback content, never painted: the data grid's table for screen readers) does not. In Chromium, on a
page of its own (no server)."""
from __future__ import annotations

from bench import clicks

PAGE = """<!doctype html><html><body>
<div id="app" data-testid="stApp" data-test-script-state="notRunning"><p id="text">a</p>
<canvas id="grid" width="100" height="50"><table><tr><td id="cell">1</td></tr></table></canvas></div>
</body></html>"""


def _moves(page, change: str) -> bool:
    """Whether `change` (JavaScript run in the page) moves the watcher's last change."""
    before = page.evaluate("() => { window.__antq.last = 0; return window.__antq.last; }")
    page.evaluate(change)
    page.wait_for_timeout(50)  # mutation records are delivered after the script's task
    return page.evaluate("window.__antq.last") != before


def test_the_watcher_counts_painted_changes_only(open_page):
    page = open_page()
    page.set_content(PAGE)
    page.evaluate(clicks.WATCH)
    assert _moves(page, "() => { document.getElementById('text').textContent = 'b'; }")
    assert _moves(page, "() => { document.getElementById('app').appendChild(document.createElement('div')); }")
    assert _moves(page, "() => { document.getElementById('grid').setAttribute('height', '60'); }")
    assert not _moves(page, "() => { document.getElementById('cell').textContent = '2'; }")
    assert not _moves(page, "() => { document.getElementById('cell').setAttribute('aria-selected', 'true'); }")
    assert not _moves(page, "() => { document.querySelector('#grid table').appendChild(document.createElement('tr')); }")
    assert not _moves(page, "() => { document.getElementById('grid').appendChild(document.createElement('table')); }")
