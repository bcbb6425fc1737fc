"""Accounts, roles and sign-in settings, kept in one folder on the server (default data/auth,
ANTQ_AUTH_DIR overrides): `accounts.json` (passwords as argon2id hashes, never in clear),
`settings.toml` (sign-in method, idle time, slow-down) and `attempts.json` (recent failed sign-ins).

Nothing here touches Streamlit: the sign-in screen (antq/auth/signin.py), the administrator's page and
the command line (`python -m antq accounts ...`) all go through these functions. Every write is
atomic (written beside, then renamed) under a lock, so two servers or a server and the command line
never lose each other's changes.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import json
import os
import re
import secrets
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from antq import paths
ACCOUNTS = "accounts.json"
SETTINGS = "settings.toml"
ATTEMPTS = "attempts.json"

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
    "free_failures": 3,          # failed sign-ins of one name (or one address) before waits begin
    "first_wait_seconds": 5,     # then 5 s, 10 s, 20 s ... doubled each time
    "max_wait_seconds": 900,
    "failure_window_minutes": 60,  # failures older than this are forgotten
}
SETTINGS_TEXT = """# Sign-in settings of the ANTQ dashboard (read at every sign-in; no restart needed).
# method = "local": accounts in accounts.json beside this file (python -m antq accounts ...).
# method = "oidc": the organisation's identity provider through Streamlit's st.login; configure
#   [auth] in .streamlit/secrets.toml (redirect_uri, cookie_secret, client_id, client_secret,
#   server_metadata_url). People still need an account here with their e-mail (--email) for their roles.
method = "local"
idle_minutes = 30
free_failures = 3
first_wait_seconds = 5
max_wait_seconds = 900
failure_window_minutes = 60
"""

_HASHER = PasswordHasher()  # argon2id, the library's current recommended parameters
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


@contextlib.contextmanager
def _locked(where: Path):
    where.mkdir(parents=True, exist_ok=True)
    os.chmod(where, 0o700)
    with open(where / ".lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _write_json(path: Path, data) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _read_json(path: Path, default):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return default


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
    for key in ("idle_minutes", "free_failures", "first_wait_seconds", "max_wait_seconds", "failure_window_minutes"):
        try:
            out[key] = int(out[key]) if key == "free_failures" else float(out[key])
            assert out[key] > 0 or key == "free_failures"
        except (TypeError, ValueError, AssertionError):
            raise AccountError(f"Tệp {p}: {key} phải là một số dương, không phải {out[key]!r}.") from None
    if out["method"] not in ("local", "oidc"):
        raise AccountError(f"Tệp {p}: method phải là \"local\" hoặc \"oidc\", không phải {out['method']!r}.")
    return out


def _account(username: str, rec: dict) -> Account:
    known = {"name", "roles", "province", "email", "disabled", "created", "password_changed", "password_hash"}
    return Account(username=username, name=rec.get("name") or username, roles=tuple(rec.get("roles") or ()),
                   province=rec.get("province"), email=rec.get("email"), disabled=bool(rec.get("disabled")),
                   created=rec.get("created", ""), password_changed=rec.get("password_changed", ""),
                   extra={k: v for k, v in rec.items() if k not in known})


def _records(where: Path) -> dict:
    return _read_json(where / ACCOUNTS, {"accounts": {}})


def list_accounts(where: Path | None = None) -> list[Account]:
    return [_account(u, r) for u, r in sorted(_records(where or folder())["accounts"].items())]


def get(username: str, where: Path | None = None) -> Account | None:
    rec = _records(where or folder())["accounts"].get(normalise(username))
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
    where = where or folder()
    username, roles = normalise(username), tuple(roles)
    _check(username, roles, province, password)
    with _locked(where):
        data = _records(where)
        if username in data["accounts"]:
            raise AccountError(f"Tài khoản '{username}' đã có.")
        data["accounts"][username] = {"name": name or username, "roles": list(roles), "province": province,
                                      "email": (email or "").strip().lower() or None, "disabled": False,
                                      "created": _now(), "password_changed": _now(),
                                      "password_hash": _HASHER.hash(password)}
        _write_json(where / ACCOUNTS, data)
    return get(username, where)


def update(where: Path | None, username: str, *, roles=None, province=..., name=None, email=...,
           disabled: bool | None = None, password: str | None = None) -> Account:
    """Change an account; only the arguments given change."""
    where = where or folder()
    username = normalise(username)
    with _locked(where):
        data = _records(where)
        rec = data["accounts"].get(username)
        if rec is None:
            raise AccountError(f"Không có tài khoản '{username}'.")
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
        if password is not None:
            rec["password_hash"] = _HASHER.hash(password)
            rec["password_changed"] = _now()
        _write_json(where / ACCOUNTS, data)
    return get(username, where)


def verify(username: str, password: str, where: Path | None = None) -> Account | None:
    """The account if the name exists, is enabled and the password matches; else None. An unknown name
    costs the same hash check, so timing does not tell which names exist."""
    global _DUMMY_HASH
    rec = _records(where or folder())["accounts"].get(normalise(username))
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
    return _account(normalise(username), rec)


def random_password() -> str:
    return secrets.token_urlsafe(12)


def bootstrap(where: Path | None = None) -> tuple[str, str] | None:
    """On a first start with no accounts: an administrator (who is also a ministry leader, so the
    dashboard can be seen at once) with a random password, returned once to be printed; and the
    settings file with its defaults. None when accounts exist already."""
    where = where or folder()
    with _locked(where):
        if not (where / SETTINGS).is_file():
            (where / SETTINGS).write_text(SETTINGS_TEXT, encoding="utf-8")
    if _records(where)["accounts"]:
        return None
    password = random_password()
    create(where, "admin", password, roles=("admin", "leader"), name="Quản trị viên")
    return "admin", password


# ---- failed sign-ins: a wait that doubles after a few failures, per name and per address

def _wait_for(failures: int, s: dict) -> float:
    extra = failures - int(s["free_failures"])
    if extra < 0:
        return 0.0
    return float(min(float(s["first_wait_seconds"]) * 2 ** extra, float(s["max_wait_seconds"])))


def _keys(username: str, address: str | None) -> list[str]:
    return [f"user:{normalise(username)}"] + ([f"addr:{address}"] if address else [])


def wait_seconds(username: str, address: str | None = None, where: Path | None = None,
                 now: float | None = None) -> float:
    """How long this name (or this address) must still wait before its next sign-in is checked."""
    where = where or folder()
    s, now = settings(where), time.time() if now is None else now
    data = _read_json(where / ATTEMPTS, {})
    left = 0.0
    for k in _keys(username, address):
        rec = data.get(k)
        if rec:
            left = max(left, rec["last"] + _wait_for(rec["failures"], s) - now)
    return max(left, 0.0)


def record_failure(username: str, address: str | None = None, where: Path | None = None,
                   now: float | None = None) -> int:
    """Count a failed sign-in; returns the name's failures in the window (this one included)."""
    where = where or folder()
    s, now = settings(where), time.time() if now is None else now
    window = float(s["failure_window_minutes"]) * 60
    with _locked(where):
        data = {k: r for k, r in _read_json(where / ATTEMPTS, {}).items() if now - r["last"] < window}
        for k in _keys(username, address):
            rec = data.setdefault(k, {"failures": 0, "last": now})
            rec["failures"] += 1
            rec["last"] = now
        _write_json(where / ATTEMPTS, data)
    return data[_keys(username, address)[0]]["failures"]


def clear_failures(username: str, where: Path | None = None) -> None:
    where = where or folder()
    with _locked(where):
        data = _read_json(where / ATTEMPTS, {})
        if data.pop(f"user:{normalise(username)}", None) is not None:
            _write_json(where / ATTEMPTS, data)


@functools.cache
def province_names() -> dict[str, str]:
    """The 34 provinces of the 2025 map (code -> name), for choosing a director's province (a
    committed reference file: read once per process, not on every run of the sidebar)."""
    import csv

    with open(paths.REFERENCE / "provinces_2025.csv", encoding="utf-8") as fh:
        return {r["province_code"]: r["name"] for r in csv.DictReader(fh)}
