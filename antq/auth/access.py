"""Who is asking, and what they may see: the rules the query layer (antq/data/db.py `run`) enforces on
every query, whatever the page or the URL asked for.

- In a Streamlit script run, the person signed in to that session (antq/auth/signin.py puts their
  `Access` in the session); nobody signed in = no query answers at all.
- Outside a script run (the command line, the benchmark, tests calling the query layer), the
  process's access: the operator of the server by default (they can read the files anyway); the
  server itself (`python -m antq serve`) sets it to nobody, so a thread without a session gets nothing.

A provincial director sees province-level figures for the whole country and commune detail only for
their own province: a query whose rows are communes (or finer) says so in its header,
`-- access: commune detail in <column>`, and for such a query the query layer (1) refuses a
`$province` or `$commune` outside the director's province and (2) drops every row whose <column> is a
commune of another province (a national list of communes or sites comes back as their own communes).
"""
from __future__ import annotations

import contextlib
import functools
import getpass
import re
import threading
from dataclasses import dataclass

import pandas as pd

DETAIL = re.compile(r"^--\s*access:\s*commune detail in (\w+)\s*$", re.M)
SESSION_KEY = "_antq_access"
IDLE_UNTIL = "_antq_idle_until"  # set by antq/auth/signin.py at every full run: a fragment rerun after it gets nothing
ALL = frozenset({"view", "export", "import", "accounts", "audit"})
_UNRESTRICTED_VIEW = ("leader", "briefing", "data_officer", "operator")


class AccessDenied(Exception):
    """A request outside the signed-in person's rights; the message is Vietnamese."""


@dataclass(frozen=True)
class Access:
    user: str
    name: str
    roles: tuple[str, ...]
    permissions: frozenset
    province: str | None = None  # a director's province (2025 map)
    method: str = "local"

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    @property
    def commune_province(self) -> str | None:
        """The one province whose communes this person may see in detail; None = every province."""
        if "view" not in self.permissions or any(r in _UNRESTRICTED_VIEW for r in self.roles):
            return None
        return self.province if "director" in self.roles else None

    @property
    def label(self) -> str:
        """How exports and the audit name the person: 'Họ tên (tên đăng nhập)'."""
        return f"{self.name} ({self.user})" if self.name and self.name != self.user else self.user


def of_account(account, method: str = "local") -> Access:
    return Access(user=account.username, name=account.name, roles=tuple(account.roles),
                  permissions=frozenset(account.permissions), province=account.province, method=method)


NOBODY = Access(user="", name="", roles=(), permissions=frozenset())


def operator() -> Access:
    who = f"cli:{getpass.getuser()}"
    return Access(user=who, name=who, roles=("operator",), permissions=ALL, method="cli")


_process: Access | None = None
_acting = threading.local()  # work done for a session outside its script thread (deferred downloads)


def set_process(a: Access | None) -> None:
    """The access of code that runs outside any session (None = the operator)."""
    global _process
    _process = a


@contextlib.contextmanager
def acting_as(a: Access):
    """Run a block with `a`'s rights on this thread (a thread that is not a session's script run)."""
    before = getattr(_acting, "access", None)
    _acting.access = a
    try:
        yield
    finally:
        _acting.access = before


def bound(fn, a: Access | None = None):
    """`fn` that runs with the rights of whoever is asking now (or `a`), wherever it is called later:
    Streamlit runs a download's data callable on a worker thread, outside the session's script run."""
    a = a or current()

    @functools.wraps(fn)
    def run(*args, **kwargs):
        with acting_as(a):
            return fn(*args, **kwargs)
    return run


_session = None  # the app's reader of the signed-in person of a script run (use_session)


def use_session(reader) -> None:
    """Install how the app finds the person of the session whose script run this thread is doing:
    `reader()` returns their Access (NOBODY when nobody is signed in), or None outside a script run.
    The dashboard installs antq/auth/signin.py's; the command line never does."""
    global _session
    _session = reader


def current() -> Access:
    acting = getattr(_acting, "access", None)
    if acting is not None:
        return acting
    found = _session() if _session is not None else None
    if found is not None:
        return found
    return _process or operator()


def detail_column(sql: str) -> str | None:
    m = DETAIL.search(sql)
    return m.group(1) if m else None


@dataclass(frozen=True)
class Scope:
    """A director's province on both maps: its province code(s) and its communes."""
    provinces: dict  # map -> set of province codes
    communes: dict   # map -> set of commune codes
    all_provinces: dict  # map -> every province code of the map (province rows stay visible)


def check(name: str, column: str | None, access: Access, params: dict, scope_of) -> tuple[str | None, Scope | None]:
    """Refuse what this person may not ask of query `name` (whose commune-detail column, if any, is
    `column`); return the column to filter on and the scope (or None, None: nothing to filter)."""
    if not access.can("view"):
        raise AccessDenied("Chưa đăng nhập hoặc tài khoản không có quyền xem số liệu.")
    if column is None or access.commune_province is None:
        return None, None
    scope = scope_of(access.commune_province)
    the_map = str(params.get("map") or "2025")
    province, commune = params.get("province"), params.get("commune")
    if province and province not in scope.provinces.get(the_map, set()):
        raise AccessDenied(
            f"Tài khoản {access.user} chỉ được xem chi tiết cấp xã của tỉnh mình (mã {access.commune_province}); "
            f"truy vấn '{name}' hỏi tỉnh {province}.")
    if commune and commune not in scope.communes.get(the_map, set()):
        raise AccessDenied(f"Tài khoản {access.user} chỉ được xem các xã của tỉnh mình; xã {commune} không thuộc tỉnh đó.")
    return column, scope


def filter_rows(df: pd.DataFrame, column: str, the_map: str, scope: Scope) -> pd.DataFrame:
    """Keep province rows and the director's own communes; drop every other row."""
    if column not in df.columns:
        raise AccessDenied(f"Truy vấn khai báo cột chi tiết '{column}' nhưng không trả về cột đó.")
    keep = df[column].astype("string").isin(scope.all_provinces.get(the_map, set()) | scope.communes.get(the_map, set()))
    return df[keep.fillna(False).to_numpy()].reset_index(drop=True)
