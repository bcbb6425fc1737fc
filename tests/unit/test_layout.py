"""The project's layout stays as it is described and tested: every file or folder README.md names (in its
code, tables and the layout tree) exists, every page of the registry (antq/view/pages.py) is opened by
some test, and no Python module of the project (the application, its builders, the benchmark, the
scripts and the tests) grows past 400 lines."""
import glob
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOP = ("antq", "queries", "tests", "docs", "bench", "scripts", "pages", ".ci")  # committed folders
PATH = re.compile(r"(?<![\w./-])((?:%s)/[\w.*<>/-]*)" % "|".join(re.escape(t) for t in TOP))
FILE = re.compile(r"(?<![\w./-])([\w*<>-]+\.(?:py|sql|md|csv|json|sh|toml|parquet|xlsx))\b")
MAX_LINES = 400


def _code(readme: str) -> list[str]:
    """The code of README.md: fenced blocks, inline code spans and table rows."""
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", readme, flags=re.S | re.M)
    prose = re.sub(r"^```[^\n]*\n.*?^```", "", readme, flags=re.S | re.M)
    spans = re.findall(r"`([^`\n]+)`", prose)
    rows = [line for line in prose.splitlines() if line.startswith("|")]
    return blocks + spans + rows


def _committed(path: str) -> bool:
    """A path in one of the committed folders, or a file at the top (data/ is built or made at first start)."""
    return path.split("/")[0] in TOP or "/" not in path


def _layout_tree(readme: str) -> list[str]:
    """What the layout tree names: its entries (`antq/` then `  data/` = antq/data/) and the files each
    folder's description names (`  data/   … db.py …` = antq/data/db.py), however the description wraps."""
    section = readme.split("## How the code is laid out", 1)[-1]
    block = re.search(r"^```[^\n]*\n(.*?)^```", section, flags=re.S | re.M)
    named, stack, folder, description_at = [], [], None, None
    for line in (block.group(1) if block else "").splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if description_at is not None and indent >= description_at:  # the entry's description goes on
            rest = line
        else:  # an entry: its path(s), then two spaces or more, then what it is
            m = re.match(r"( *)(\S.*?)(?: {2,}(\S.*))?$", line)
            rest, description_at = m.group(3) or "", m.start(3) if m.group(3) else None
            while stack and stack[-1][0] >= indent:
                stack.pop()
            parent = stack[-1][1] if stack else ""
            paths = [parent + t for t in re.split(r"[,\s]+", m.group(2)) if t]
            named += [p for p in paths if _committed(p)]
            folder = paths[0] if len(paths) == 1 and paths[0].endswith("/") else None
            if folder:
                stack.append((indent, folder))
        if folder and _committed(folder):
            named += [folder + name for name in FILE.findall(rest)]
    return named


def _exists(path: str) -> bool:
    """A path, or a pattern with <placeholders> or * matching at least one file or folder."""
    path = path.rstrip(".,:;)")
    pattern = re.sub(r"<[^>]*>", "*", path)
    if "*" in pattern:
        return bool(glob.glob(str(ROOT / pattern)))
    return (ROOT / path).exists()


def test_every_path_the_readme_names_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = {m for text in _code(readme) for m in PATH.findall(text)} | set(_layout_tree(readme))
    assert named, "README.md names no file"
    missing = sorted(p for p in named if not _exists(p))
    assert not missing, f"README.md names what does not exist: {missing}"


def test_every_registered_page_is_opened_by_a_test():
    from antq.view import pages

    here = Path(__file__).resolve()
    tests = {p: p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("test_*.py") if p.resolve() != here}
    untested = []
    for page in pages.PAGES:
        script = page.script.relative_to(ROOT).as_posix()
        url = re.compile(r"""["']/%s(?:\?|["'])""" % re.escape(page.slug))  # "/<slug>?…" or "/<slug>"
        if not any(script in text or url.search(text) for text in tests.values()):
            untested.append(page.slug)
    assert pages.PAGES and not untested, f"pages that no test opens (by their script's path or their URL): {untested}"


def test_no_module_is_over_400_lines():
    long = {}
    for path in sorted(p for top in ("antq", "bench", "scripts", "tests") for p in (ROOT / top).rglob("*.py")):
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_LINES:
            long[path.relative_to(ROOT).as_posix()] = n
    assert not long, f"modules over {MAX_LINES} lines (split them by what they do): {long}"
