"""`python -m antq serve --replicas N [--port 8501] [--address 0.0.0.0]`: N dashboard processes behind
nginx from Debian's packages, on one host, so the pages' Python work spreads over the machine's cores.

- Each replica is a plain `python -m antq serve` on 127.0.0.1 (ports after the public one), with the
  same Streamlit cookie secret (data/auth/cookie_secret, made once, mode 0600), so any of them accepts
  what another set; sign-in state lives in the shared state store, not in a process.
- nginx listens on the public port, in the foreground from a configuration written into a temporary
  folder: websockets passed through, an upload limit that fits the reports, the person's address passed
  on (X-Real-IP), and sticky routing by the session cookie (`hash $cookie_antq_session consistent`, not
  `ip_hash`: a ministry's users may share one address). A browser without a session (the sign-in page)
  may land anywhere; once signed in, its websocket, uploads and downloads stay on one replica.
- Streamlit's JavaScript and styles (`/static/`, file names carrying their content's hash) are served by
  nginx from the installed Streamlit package, compressed and cacheable for a year: the replicas' Python
  never streams the 9 MB a new browser fetches (docs/benchmarks.md, issue 22).
- A replica that dies is started again (after a pause); meanwhile nginx sends its users to the others,
  where they arrive still signed in (their unsaved widget state may be lost).
- Ctrl-C or SIGTERM stops nginx and every replica.
docs/deploy.md has the configuration for a permanent install (systemd, TLS, several hosts).
"""
from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from antq import paths

NGINX = "/usr/sbin/nginx"
STATIC = Path(__import__("streamlit").__file__).parent / "static" / "static"  # what Streamlit serves at /static/
FAIL_TIMEOUT_S = 3  # a replica that failed a request is left out of nginx's choice this long
UPLOAD_LIMIT_MB = 60  # the importer's own limit is 50 MB (antq/ingest/read.py MAX_BYTES)


def cookie_secret(where: Path | None = None) -> str:
    """The Streamlit cookie secret every replica shares (made once)."""
    from antq.auth import accounts

    f = (where or accounts.folder()) / "cookie_secret"
    if not f.is_file():
        f.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(f, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
    return f.read_text().strip()


def nginx_conf(listen: str, ports: list[int], folder: Path) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout={FAIL_TIMEOUT_S}s;" for p in ports)
    return f"""worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    log_format antq '$remote_addr [$time_local] "$request" $status $body_bytes_sent upstream=$upstream_addr';
    access_log {folder}/access.log antq;
    client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi; uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    upstream antq {{
        hash $cookie_antq_session consistent;
{servers}
    }}
    server {{
        listen {listen};
        client_max_body_size {UPLOAD_LIMIT_MB}m;
        location /static/ {{
            alias {STATIC}/;
            types {{ application/javascript js mjs; text/css css; image/png png; image/gif gif; image/svg+xml svg;
                    font/woff2 woff2; application/json json map; }}
            gzip on; gzip_comp_level 1; gzip_types application/javascript text/css application/json image/svg+xml;
            add_header Cache-Control "public, max-age=31536000, immutable" always;
            add_header X-Content-Type-Options nosniff always;
            add_header Referrer-Policy no-referrer always;
        }}
        location / {{
            proxy_pass http://antq;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 1d;
            proxy_next_upstream error timeout http_502 http_503;
            proxy_buffering off;
            proxy_request_buffering off;  # an upload streams to its replica, no temporary file of nginx's
        }}
    }}
}}
"""


def _healthy(port: int) -> bool:
    try:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).status == 200
    except OSError:
        return False


def run(replicas: int, port: int, address: str, extra: list[str]) -> int:
    if not Path(NGINX).is_file() and not shutil.which("nginx"):
        print("Cần nginx (apt-get install nginx) để chạy nhiều tiến trình; hoặc bỏ --replicas.", file=sys.stderr)
        return 2
    secret = cookie_secret()
    ports = [port + 1 + i for i in range(replicas)]
    folder = Path(tempfile.mkdtemp(prefix="antq-nginx-"))
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / sub).mkdir()
    (folder / "nginx.conf").write_text(nginx_conf(f"{address}:{port}", ports, folder))

    def start(p: int) -> subprocess.Popen:
        # Streamlit takes its cookie secret from the environment or a config file, never the command line
        return subprocess.Popen([sys.executable, "-m", "antq", "serve", "--server.port", str(p),
                                 "--server.address", "127.0.0.1", "--server.headless", "true", *extra],
                                cwd=paths.ROOT, start_new_session=True,
                                env={**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": secret})

    procs = {p: start(p) for p in ports}
    print(f"Khởi động {replicas} tiến trình trên cổng {', '.join(map(str, ports))}…", flush=True)
    for _ in range(240):
        if all(_healthy(p) for p in ports):
            break
        time.sleep(0.5)
    nginx = subprocess.Popen([shutil.which("nginx") or NGINX, "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
                             start_new_session=True)
    print(f"Bảng điều khiển: http://{address}:{port} (nginx → {replicas} tiến trình; cấu hình và nhật ký nginx: {folder})",
          flush=True)
    stopping = []

    def stop(*_):
        stopping.append(1)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    died: dict[int, float] = {}
    try:
        while not stopping and nginx.poll() is None:
            for p, proc in list(procs.items()):
                if proc.poll() is not None:  # a replica died: started again after a pause
                    died.setdefault(p, time.time())
                    if time.time() - died[p] > 5:
                        print(f"Tiến trình cổng {p} đã dừng; khởi động lại.", flush=True)
                        procs[p] = start(p)
                        died.pop(p)
            time.sleep(0.5)
    finally:
        for proc in [nginx, *procs.values()]:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in [nginx, *procs.values()]:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        shutil.rmtree(folder, ignore_errors=True)
    return 0
