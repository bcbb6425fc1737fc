"""Shared by the import tests: a snapshots folder holding the demo snapshot (parquet files linked,
never copied into data/snapshots), a snapshots folder linked into another (a test's own copy of what a
module wrote once), the samples, and a hash of a whole snapshots folder."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT

SAMPLES = ROOT / "tests" / "samples"
TODAY = dt.date(2026, 11, 21)  # the samples' "future" row is in 2027: checked against a fixed today


def sample(name: str) -> tuple[str, bytes]:
    return name, (SAMPLES / name).read_bytes()


def link_demo(src: Path, root: Path) -> Path:
    dst = root / "demo"
    dst.mkdir()
    for f in src.iterdir():
        (dst / f.name).symlink_to(f) if f.suffix == ".parquet" else shutil.copy(f, dst / f.name)
    return dst


def link_snapshots(src: Path, dst: Path) -> None:
    """Every snapshot of the snapshots folder `src` into `dst` by links, as an import links unchanged files
    (files hard-linked, symbolic links made again as they are), and the folder's own files (ACTIVE)
    copied: a folder of a test's own, in which it may switch or import, without writing a snapshot again."""
    for item in sorted(src.iterdir()):
        target = dst / item.name
        if item.is_symlink():
            target.symlink_to(os.readlink(item))
        elif item.is_dir():
            target.mkdir()
            for f in sorted(item.iterdir()):
                if f.is_symlink():
                    (target / f.name).symlink_to(os.readlink(f))
                elif f.is_dir():
                    shutil.copytree(f, target / f.name, symlinks=True)
                else:
                    os.link(f, target / f.name)
        else:
            shutil.copy2(item, target)


def folder_hash(root: Path) -> str:
    """Every file and folder under root (hidden ones too), by relative path, link target and content."""
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in sorted(os.walk(root)):
        dirnames.sort()
        h.update(("D " + os.path.relpath(dirpath, root)).encode())
        for name in sorted(filenames):
            p = Path(dirpath) / name
            h.update(("F " + os.path.relpath(p, root)).encode())
            if p.is_symlink():
                h.update(("L " + os.readlink(p)).encode())
            with open(p, "rb") as f:  # content too (through a link): nothing may write into the demo files
                h.update(hashlib.file_digest(f, "sha256").digest())
    return h.hexdigest()


@pytest.fixture()
def demo_root(built_data, snapshots_root):
    """A snapshots folder for this test only, holding the demo snapshot, none active."""
    link_demo(built_data, snapshots_root)
    return snapshots_root
