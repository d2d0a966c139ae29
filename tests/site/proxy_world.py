"""A real production stack for tests: gunicorn behind Debian's nginx with a self-signed certificate.

Everything lives in a temporary directory: the SQLite database, the certificate, nginx's
configuration, prefix, temp paths and logs. nginx runs in the foreground as one process
(``daemon off; master_process off;``) on a free loopback port; gunicorn (2 workers) on another.
"""

from __future__ import annotations

import datetime as dt
import http.client
import ipaddress
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/sbin/nginx") if os.path.exists(p)), None)

SETUP = """
import django
django.setup()
from django.contrib.auth import get_user_model
from gongkai.cases import models as m
a = m.Agency.objects.create(slug="demo", name="示例市人民政府办公室")
u = get_user_model().objects.create_user("handler", "handler@example.org", "Gongkai-Proxy-2026")
for role in ("registrar", "handler"):
    m.Membership.objects.create(user=u, agency=a, role=role)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 (and localhost) and its key, made with ``cryptography``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                        x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    crt, pem = directory / "cert.pem", directory / "key.pem"
    crt.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))
    return crt, pem


def nginx_conf(directory: Path, https_port: int, http_port: int, upstream: int, crt: Path, pem: Path) -> Path:
    """docs/production.md's server blocks, with this test's ports, paths and certificate."""
    conf = directory / "nginx.conf"
    temp = directory / "nginx-temp"
    temp.mkdir()
    conf.write_text(f"""
daemon off;
master_process off;
worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/nginx-error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {directory}/nginx-access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    server {{
        listen 127.0.0.1:{http_port};
        server_name 127.0.0.1;
        return 301 https://$host:{https_port}$request_uri;
    }}
    server {{
        listen 127.0.0.1:{https_port} ssl;
        server_name 127.0.0.1;
        ssl_certificate {crt};
        ssl_certificate_key {pem};
        client_max_body_size 12m;
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_redirect off;
        }}
    }}
}}
""", encoding="utf-8")
    return conf


def production_env(directory: Path, site_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GONGKAI_", "DEBUG", "DATABASE_URL",
                                                                      "SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="gongkai.site.settings", SECRET_KEY="proxy-test-" + "k" * 50,
               GONGKAI_SITE_URL=site_url, GONGKAI_DATA_DIR=str(directory),
               DATABASE_URL=f"sqlite:///{directory}/gongkai.sqlite3", GONGKAI_TRUSTED_PROXIES="127.0.0.1",
               PYTHONUNBUFFERED="1")
    return env


def wait_for(port: int, context=None, timeout: float = 60) -> None:
    """Until the server on ``port`` answers an HTTP request (any status; redirects not followed)."""
    end = time.monotonic() + timeout
    while True:
        conn = (http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=2) if context
                else http.client.HTTPConnection("127.0.0.1", port, timeout=2))
        try:
            conn.request("GET", "/login/")
            conn.getresponse().read()
            return
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.2)
        finally:
            conn.close()


class Stack:
    """gunicorn + nginx; ``https`` is the address users open, ``http`` the plain port that redirects."""

    RATE = 3  # valid public submissions per client address per hour

    def __init__(self, directory: Path):
        self.dir = directory
        self.https_port, self.http_port, self.app_port = free_port(), free_port(), free_port()
        self.https = f"https://127.0.0.1:{self.https_port}"
        self.http = f"http://127.0.0.1:{self.http_port}"
        self.env = production_env(directory, self.https) | {"GONGKAI_PUBLIC_RATE": str(self.RATE)}
        self.procs: list[subprocess.Popen] = []

    def start(self) -> Stack:
        py = sys.executable
        for args in (["-m", "django", "migrate", "--noinput", "-v", "0"], ["-c", SETUP]):
            subprocess.run([py, *args], env=self.env, check=True, timeout=300, cwd=self.dir)
        gunicorn = str(Path(py).with_name("gunicorn"))
        args = [gunicorn, "gongkai.site.wsgi:application", "--bind", f"127.0.0.1:{self.app_port}",
                "--workers", "2", "--timeout", "60"]
        if "--control-socket" in subprocess.run([gunicorn, "--help"], capture_output=True, text=True).stdout:
            args += ["--control-socket", str(self.dir / "gunicorn.ctl")]  # gunicorn ≥ 24: not one in ~ for all
        self.procs.append(subprocess.Popen(
            args, env=self.env, cwd=self.dir,
            stdout=open(self.dir / "gunicorn.log", "wb"), stderr=subprocess.STDOUT))
        crt, pem = self_signed(self.dir)
        self.cert = crt
        conf = nginx_conf(self.dir, self.https_port, self.http_port, self.app_port, crt, pem)
        self.procs.append(subprocess.Popen([NGINX, "-p", str(self.dir), "-c", str(conf)], cwd=self.dir,
                                           stdout=open(self.dir / "nginx.out", "wb"), stderr=subprocess.STDOUT))
        wait_for(self.app_port)
        import ssl

        self.ssl = ssl.create_default_context(cafile=str(crt))
        wait_for(self.https_port, context=self.ssl)
        return self

    def stop(self) -> None:
        for p in reversed(self.procs):
            p.terminate()
        for p in self.procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()

    def logs(self) -> str:
        out = []
        for name in ("gunicorn.log", "nginx-error.log", "nginx.out"):
            path = self.dir / name
            if path.exists():
                out.append(f"--- {name}\n" + path.read_text(errors="replace")[-3000:])
        return "\n".join(out)
