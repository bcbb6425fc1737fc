"""`python -m antq accounts ...`: accounts from the server's terminal (the administrator's page does the
same in the browser). Passwords are read from the terminal without echo (or one line of standard input
with --password-stdin), or made at random and printed once.

  python -m antq accounts list
  python -m antq accounts add NAME --role leader [--role ...] [--province 40] [--name "Họ tên"] [--email E]
  python -m antq accounts passwd NAME            (a new random password, printed once)
  python -m antq accounts disable NAME | enable NAME
  python -m antq accounts bootstrap              (the first administrator, if there is no account yet)
"""
from __future__ import annotations

import argparse
import getpass
import sys

from antq.auth import access, accounts, audit
from antq.store import StoreUnavailable

def print_first_admin(made: tuple[str, str] | None) -> None:
    """Print the first administrator's password once, as Jupyter prints its token."""
    if made is None:
        return
    user, password = made
    bar = "=" * 72
    print(f"\n{bar}\n  Tài khoản quản trị đầu tiên đã được tạo (mật khẩu chỉ in MỘT lần, hãy ghi lại):\n"
          f"    Tên đăng nhập: {user}\n    Mật khẩu:      {password}\n"
          f"  Tạo tài khoản cho người dùng ở trang «Tài khoản & nhật ký» hoặc: python -m antq accounts add ...\n"
          f"  (First administrator created; this password is printed once: {user} / {password})\n{bar}\n",
          flush=True)
    audit.record("account_created", access.operator().user, account=user, roles=["admin", "leader"], first=True)


def _password(args) -> tuple[str, bool]:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n"), False
    if args.random or not sys.stdin.isatty():
        return accounts.random_password(), True
    first = getpass.getpass("Mật khẩu: ")
    if first != getpass.getpass("Nhập lại mật khẩu: "):
        raise accounts.AccountError("Hai lần nhập mật khẩu không khớp.")
    return first, False


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m antq accounts", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list")
    sub.add_parser("bootstrap")
    add = sub.add_parser("add")
    add.add_argument("username")
    add.add_argument("--role", action="append", choices=accounts.ROLES, required=True)
    add.add_argument("--province")
    add.add_argument("--name")
    add.add_argument("--email")
    add.add_argument("--password-stdin", action="store_true")
    add.add_argument("--random", action="store_true", help="a random password, printed once")
    pw = sub.add_parser("passwd")
    pw.add_argument("username")
    pw.add_argument("--password-stdin", action="store_true")
    pw.add_argument("--random", action="store_true")
    for name in ("disable", "enable"):
        sub.add_parser(name).add_argument("username")
    args = ap.parse_args(argv)
    me = access.operator().user
    try:
        if args.cmd == "list":
            for a in accounts.list_accounts():
                print(f"{a.username:<20} {','.join(a.roles):<28} {a.province or '':<4} "
                      f"{'ĐÃ KHOÁ' if a.disabled else '':<8} {a.name}")
        elif args.cmd == "bootstrap":
            made = accounts.bootstrap()
            print_first_admin(made)
            if made is None:
                print(f"Đã có tài khoản trong {accounts.folder()}: không tạo thêm.")
        elif args.cmd == "add":
            password, show = _password(args)
            a = accounts.create(None, args.username, password, roles=args.role, province=args.province,
                                name=args.name, email=args.email)
            audit.record("account_created", me, account=a.username, roles=list(a.roles), province=a.province)
            print(f"Đã tạo tài khoản {a.username} ({', '.join(a.roles)})." + (f" Mật khẩu: {password}" if show else ""))
        elif args.cmd == "passwd":
            password, show = _password(args)
            accounts.update(None, args.username, password=password)
            audit.record("account_changed", me, account=accounts.normalise(args.username), password_reset=True)
            print(f"Đã đổi mật khẩu của {args.username}." + (f" Mật khẩu mới: {password}" if show else ""))
        else:
            accounts.update(None, args.username, disabled=args.cmd == "disable")
            audit.record("account_changed", me, account=accounts.normalise(args.username), disabled=args.cmd == "disable")
            print(f"Đã {'khoá' if args.cmd == 'disable' else 'mở khoá'} tài khoản {args.username}.")
    except (accounts.AccountError, StoreUnavailable) as e:
        print(f"Lỗi: {e}", file=sys.stderr)
        return 2
    return 0
