"""Accounts, roles and sign-in settings. The accounts folder on the server (default data/auth,
ANTQ_AUTH_DIR overrides) holds `settings.toml` (sign-in method, idle time, slow-down, and which state
store); the accounts (passwords as argon2id hashes, never in clear) and the recent failed sign-ins are
in that folder's state store (antq/store: a SQLite file beside the settings, or PostgreSQL), which
every process serving the same people shares.

Nothing here touches Streamlit: the sign-in screen (antq/auth/signin.py), the administrator's page and
the command line (`python -m antq accounts ...`) all go through these functions. Each change is one
transaction of the store, so two servers or a server and the command line never lose each other's
changes, and failed sign-ins counted by several processes add up.
"""
from __future__ import annotations

import datetime as dt
import functools
import os
import re
import secrets
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from antq import paths, store
SETTINGS = "settings.toml"
ACCOUNTS = "accounts.json"  # before the state store (moved into it on first start; antq/store/migrate.py)
ATTEMPTS = "attempts.json"
STORES = ("sqlite", "postgresql")

# What each role may do. A person may hold several roles; what they may do is the union.
ROLES = ("leader", "director", "briefing", "data_officer", "admin")
PERMISSIONS = {
    "leader": {"view", "export"},
    "director": {"view", "export"},  # communes of their own province only (antq/auth/access.py)
    "briefing": {"view", "export"},
    "data_officer": {"view", "import"},
    "admin": {"accounts", "audit"},
}
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
MIN_PASSWORD = 10

DEFAULT_SETTINGS = {
    "method": "local",           # "local": this folder's accounts; "oidc": st.login with .streamlit/secrets.toml [auth]
    "idle_minutes": 30,          # a session with no interaction for this long is signed out
    "free_failures": 3,          # failed sign-ins of one name before waits begin
    "free_failures_per_address": 20,  # of one address: an office behind one proxy shares it
    "first_wait_seconds": 5,     # then 5 s, 10 s, 20 s ... doubled each time
    "max_wait_seconds": 900,
    "failure_window_minutes": 60,  # failures older than this are forgotten
    "store": "sqlite",           # where accounts, sessions, failed sign-ins and the audit trail live (antq/store)
    "store_dsn": "",             # store = "postgresql": its connection string (ANTQ_STORE_DSN overrides)
}
SETTINGS_TEXT = """# Sign-in settings of the ANTQ dashboard (read at every sign-in; no restart needed).
# method = "local": accounts in the state store below (python -m antq accounts ...).
# method = "oidc": the organisation's identity provider through Streamlit's st.login; configure
#   [auth] in .streamlit/secrets.toml (redirect_uri, cookie_secret, client_id, client_secret,
#   server_metadata_url). People still need an account here with their e-mail (--email) for their roles.
method = "local"
idle_minutes = 30
free_failures = 3
free_failures_per_address = 20
first_wait_seconds = 5
max_wait_seconds = 900
failure_window_minutes = 60
# The state store: accounts, sessions, failed sign-ins and the audit trail, shared by every process.
# store = "sqlite": the file state.sqlite3 beside this file; nothing to set up; the processes of this host.
# store = "postgresql": a PostgreSQL database that several hosts share, for example
#   store_dsn = "postgresql://antq@db.bocongan.local:5432/antq"
#   (a password is better in ~/.pgpass or the environment: ANTQ_STORE_DSN overrides store_dsn).
# Stop every server before changing it: the new store starts empty (docs/security.md).
store = "sqlite"
"""

# argon2id at OWASP's password-storage profile (19 MiB, 2 passes, 1 lane): 0.02 CPU s a check instead of
# the library's default 64 MiB × 3 × 4 lanes at 0.16-0.19 s, which was a third of a new session's server
# CPU (docs/security.md says what this trades). A hash keeps its own parameters: older ones still verify
# and are rehashed at the next good sign-in.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
_DUMMY_HASH = None


class AccountError(ValueError):
    """A request about accounts that cannot be done; the message is Vietnamese."""


@dataclass(frozen=True)
class Account:
    username: str
    name: str
    roles: tuple[str, ...]
    province: str | None = None  # a director's province (code on the 2025 map)
    email: str | None = None     # how the identity provider names them (method = "oidc")
    disabled: bool = False
    created: str = ""
    password_changed: str = ""
    extra: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def permissions(self) -> set[str]:
        return set().union(*(PERMISSIONS.get(r, set()) for r in self.roles)) if self.roles else set()


def folder() -> Path:
    return Path(os.environ.get("ANTQ_AUTH_DIR", paths.DATA / "auth"))


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _store(where: Path | None) -> store.Store:
    return store.for_folder(where or folder())


def settings(where: Path | None = None) -> dict:
    """The sign-in settings: settings.toml over the defaults; ANTQ_IDLE_MINUTES overrides the idle time."""
    where = where or folder()
    out = dict(DEFAULT_SETTINGS)
    p = where / SETTINGS
    if p.is_file():
        try:
            out.update(tomllib.loads(p.read_text(encoding="utf-8")))
        except tomllib.TOMLDecodeError as e:
            raise AccountError(f"Tệp cấu hình đăng nhập {p} sai cú pháp ({e}); sửa tệp rồi tải lại trang.") from e
    if os.environ.get("ANTQ_IDLE_MINUTES"):
        out["idle_minutes"] = os.environ["ANTQ_IDLE_MINUTES"]
    counts = ("free_failures", "free_failures_per_address")
    for key in ("idle_minutes", *counts, "first_wait_seconds", "max_wait_seconds", "failure_window_minutes"):
        try:
            out[key] = int(out[key]) if key in counts else float(out[key])
            assert out[key] > 0 or key in counts
        except (TypeError, ValueError, AssertionError):
            raise AccountError(f"Tệp {p}: {key} phải là một số dương, không phải {out[key]!r}.") from None
    if out["method"] not in ("local", "oidc"):
        raise AccountError(f"Tệp {p}: method phải là \"local\" hoặc \"oidc\", không phải {out['method']!r}.")
    if out["store"] not in STORES:
        raise AccountError(f"Tệp {p}: store phải là \"sqlite\" hoặc \"postgresql\", không phải {out['store']!r}.")
    out["store_dsn"] = os.environ.get("ANTQ_STORE_DSN") or str(out["store_dsn"] or "")
    if out["store"] == "postgresql" and not out["store_dsn"]:
        raise AccountError(f"Tệp {p}: store = \"postgresql\" cần chuỗi kết nối store_dsn "
                           "(hoặc biến môi trường ANTQ_STORE_DSN).")
    return out


def _account(username: str, rec: dict) -> Account:
    known = {"name", "roles", "province", "email", "disabled", "created", "password_changed", "password_hash"}
    return Account(username=username, name=rec.get("name") or username, roles=tuple(rec.get("roles") or ()),
                   province=rec.get("province"), email=rec.get("email"), disabled=bool(rec.get("disabled")),
                   created=rec.get("created", ""), password_changed=rec.get("password_changed", ""),
                   extra={k: v for k, v in rec.items() if k not in known})


def list_accounts(where: Path | None = None) -> list[Account]:
    return [_account(u, r) for u, r in sorted(_store(where).accounts().items())]


def get(username: str, where: Path | None = None) -> Account | None:
    rec = _store(where).account(normalise(username))
    return _account(normalise(username), rec) if rec else None


def by_email(email: str, where: Path | None = None) -> Account | None:
    email = (email or "").strip().lower()
    return next((a for a in list_accounts(where) if email and (a.email or "").lower() == email), None)


def normalise(username: str) -> str:
    return (username or "").strip().lower()


def _check(username: str, roles, province: str | None, password: str | None) -> None:
    if not USERNAME.match(username):
        raise AccountError(f"Tên đăng nhập '{username}' không hợp lệ: 2–32 ký tự a-z, 0-9, dấu chấm, gạch.")
    bad = [r for r in roles if r not in ROLES]
    if not roles or bad:
        raise AccountError(f"Vai trò không hợp lệ: {', '.join(bad) or '(trống)'}; chọn trong {', '.join(ROLES)}.")
    if "director" in roles and not province:
        raise AccountError("Giám đốc Công an tỉnh cần mã tỉnh (bản đồ 2025), ví dụ --province 40.")
    if province and not re.fullmatch(r"\d{2}", province):
        raise AccountError(f"Mã tỉnh '{province}' không hợp lệ (hai chữ số, bản đồ 2025).")
    if password is not None and len(password) < MIN_PASSWORD:
        raise AccountError(f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.")


def create(where: Path | None, username: str, password: str, roles=("leader",), province: str | None = None,
           name: str | None = None, email: str | None = None) -> Account:
    """Add an account (refused if the name exists); the password is stored as an argon2id hash."""
    username, roles = normalise(username), tuple(roles)
    _check(username, roles, province, password)
    if _store(where).account(username) is not None:  # (before the slow hash; the insert decides)
        raise AccountError(f"Tài khoản '{username}' đã có.")
    rec = {"name": name or username, "roles": list(roles), "province": province,
           "email": (email or "").strip().lower() or None, "disabled": False,
           "created": _now(), "password_changed": _now(), "password_hash": _HASHER.hash(password)}
    if not _store(where).account_add(username, rec):
        raise AccountError(f"Tài khoản '{username}' đã có.")
    return _account(username, rec)


def update(where: Path | None, username: str, *, roles=None, province=..., name=None, email=...,
           disabled: bool | None = None, password: str | None = None) -> Account:
    """Change an account; only the arguments given change. A new password ends every session of the
    account (disabling it or changing its roles needs not: a session re-reads its account at each rerun)."""
    username = normalise(username)
    if password is not None and len(password) < MIN_PASSWORD:
        raise AccountError(f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.")
    new_hash = _HASHER.hash(password) if password is not None else None  # (outside the store's lock: slow)

    def change(rec: dict) -> dict:
        new_roles = tuple(roles) if roles is not None else tuple(rec.get("roles") or ())
        new_province = rec.get("province") if province is ... else (province or None)
        _check(username, new_roles, new_province, password)
        rec.update(roles=list(new_roles), province=new_province)
        if name is not None:
            rec["name"] = name
        if email is not ...:
            rec["email"] = (email or "").strip().lower() or None
        if disabled is not None:
            rec["disabled"] = bool(disabled)
        if new_hash is not None:
            rec["password_hash"] = new_hash
            rec["password_changed"] = _now()
        return rec

    rec = _store(where).account_change(username, change)
    if rec is None:
        raise AccountError(f"Không có tài khoản '{username}'.")
    if password is not None:
        _store(where).session_revoke_user(username, "password_reset", time.time())
    return _account(username, rec)


def verify(username: str, password: str, where: Path | None = None) -> Account | None:
    """The account if the name exists, is enabled and the password matches; else None. An unknown name
    costs the same hash check, so timing does not tell which names exist."""
    global _DUMMY_HASH
    rec = _store(where).account(normalise(username))
    stored = rec.get("password_hash") if rec else None
    if stored is None:
        _DUMMY_HASH = _DUMMY_HASH or _HASHER.hash(secrets.token_hex(16))
        stored = _DUMMY_HASH
    try:
        ok = _HASHER.verify(stored, password or "")
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or rec is None or rec.get("disabled"):
        return None
    if _HASHER.check_needs_rehash(stored):
        _rehash(where, normalise(username), stored, _HASHER.hash(password))
    return _account(normalise(username), rec)


def _rehash(where: Path | None, username: str, old: str, new: str) -> None:
    """The same password under the current parameters; nothing else of the account changes, no session
    ends, and a password changed meanwhile is left as it is."""
    def change(rec: dict) -> dict:
        if rec.get("password_hash") == old:
            rec["password_hash"] = new
        return rec

    _store(where).account_change(username, change)


def random_password() -> str:
    return secrets.token_urlsafe(12)


def bootstrap(where: Path | None = None) -> tuple[str, str] | None:
    """On a first start with no accounts: an administrator (who is also a ministry leader, so the
    dashboard can be seen at once) with a random password, returned once to be printed; and the
    settings file with its defaults. None when accounts exist already."""
    where = where or folder()
    where.mkdir(parents=True, exist_ok=True)
    os.chmod(where, 0o700)
    try:
        fd = os.open(where / SETTINGS, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(SETTINGS_TEXT)
    if _store(where).accounts():
        return None
    password = random_password()
    try:
        create(where, "admin", password, roles=("admin", "leader"), name="Quản trị viên")
    except AccountError:
        return None  # made by another process starting at the same moment
    return "admin", password


# ---- failed sign-ins: a wait that doubles after a few failures, per name and per address

def _wait_for(failures: int, s: dict, free_key: str = "free_failures") -> float:
    extra = failures - int(s[free_key])
    if extra < 0:
        return 0.0
    return float(min(float(s["first_wait_seconds"]) * 2 ** extra, float(s["max_wait_seconds"])))


def _keys(username: str, address: str | None) -> list[str]:
    return [f"user:{normalise(username)}"] + ([f"addr:{address}"] if address else [])


def wait_seconds(username: str, address: str | None = None, where: Path | None = None,
                 now: float | None = None) -> float:
    """How long this name (or this address) must still wait before its next sign-in is checked."""
    s, now = settings(where), time.time() if now is None else now
    left = 0.0
    for key, (failures, last) in _store(where).failures(_keys(username, address)).items():
        free = "free_failures_per_address" if key.startswith("addr:") else "free_failures"
        left = max(left, last + _wait_for(failures, s, free) - now)
    return max(left, 0.0)


def record_failure(username: str, address: str | None = None, where: Path | None = None,
                   now: float | None = None) -> int:
    """Count a failed sign-in; returns the name's failures in the window (this one included)."""
    s, now = settings(where), time.time() if now is None else now
    return _store(where).failure_add(_keys(username, address), now, float(s["failure_window_minutes"]) * 60)


def clear_failures(username: str, where: Path | None = None, address: str | None = None) -> None:
    """Forget a name's failures (after its successful sign-in), and an address's when one is given (an
    administrator's decision: a success does not clear its address, or a stranger with one account of
    their own could reset the count of the address they guess from)."""
    s = _store(where)
    for key in _keys(username, address):
        s.failures_clear(key)


@functools.cache
def province_names() -> dict[str, str]:
    """The 34 provinces of the 2025 map (code -> name), for choosing a director's province (a
    committed reference file: read once per process, not on every run of the sidebar)."""
    import csv

    with open(paths.REFERENCE / "provinces_2025.csv", encoding="utf-8") as fh:
        return {r["province_code"]: r["name"] for r in csv.DictReader(fh)}
