"""No outbound network at run time: ingest, ask and the web app run with every non-loopback
connection blocked, and nothing even tries one.

Two independent checks:
- a ``sitecustomize`` guard in the child processes wraps ``socket.connect``/``connect_ex``/``sendto``
  and ``getaddrinfo``: loopback and Unix sockets pass, anything else is refused and written to a log;
- ``strace -f -e trace=connect,sendto,sendmsg`` records the connect() system calls of the whole process
  tree, including those made by native code (Chroma's Rust core, the C embedding engine) that the
  Python guard cannot see.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from core.settings import PROJECT_ROOT
from tests.helpers import free_port, stop_process

pytestmark = pytest.mark.slow
QUESTION = "Khi kết nối Cơ sở dữ liệu quốc gia về dân cư thì cơ quan, tổ chức có được phép lấy các thông tin về đời sống riêng tư không?"

GUARD = textwrap.dedent('''
    """Test guard: refuse and record every network connection that does not stay on this machine."""
    import ipaddress, os, socket

    _LOG = os.environ["DANCU_NET_GUARD_LOG"]
    _LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}

    def _is_local(address):
        if isinstance(address, (str, bytes)):          # AF_UNIX path
            return True
        host = address[0] if isinstance(address, tuple) and address else address
        if isinstance(host, bytes):
            host = host.decode(errors="replace")
        if host in _LOCAL_NAMES:
            return True
        try:
            return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
        except ValueError:
            return False

    def _record(kind, address):
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} {kind} {address!r}\\n")

    def _wrap(name):
        original = getattr(socket.socket, name)
        def guarded(self, address, *args):
            target = args[-1] if name == "sendto" and args else address
            if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(target):
                _record(name, target)
                raise OSError(101, "network blocked by the test guard")
            return original(self, address, *args)
        setattr(socket.socket, name, guarded)

    for _name in ("connect", "connect_ex", "sendto"):
        _wrap(_name)

    _getaddrinfo = socket.getaddrinfo
    def _guarded_getaddrinfo(host, *args, **kwargs):
        if host is not None and not _is_local((host,)):
            _record("getaddrinfo", host)
            raise socket.gaierror(socket.EAI_NONAME, "name lookup blocked by the test guard")
        return _getaddrinfo(host, *args, **kwargs)
    socket.getaddrinfo = _guarded_getaddrinfo
''')


@pytest.fixture
def guarded_env(tmp_path: Path, real_settings) -> tuple[dict[str, str], Path, Path]:
    """Environment for child processes: the guard on PYTHONPATH, a fresh data dir with the embedding cache."""
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    log = tmp_path / "blocked.log"
    log.write_text("")
    data = tmp_path / "data"
    (data / "cache").mkdir(parents=True)
    shutil.copy(real_settings.cache_dir / "embeddings.sqlite", data / "cache" / "embeddings.sqlite")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(guard_dir), str(PROJECT_ROOT)]),
           "DANCU_NET_GUARD_LOG": str(log), "DANCU_DATA_DIR": str(data)}
    for key in ("CHROMA_HOST", "DANCU_LLM", "OPENAI_BASE_URL", "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy",
                # the app must switch these off itself; the test does not do it for it
                "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "GRADIO_ANALYTICS_ENABLED", "ANONYMIZED_TELEMETRY"):
        env.pop(key, None)
    return env, log, data


def _run(env: dict[str, str], *args: str, stdin: str | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dancu.cli", *args], env=env, input=stdin, capture_output=True,
                          text=True, timeout=timeout)


def test_guard_blocks_and_records_outbound_connections(guarded_env):
    """The guard itself works: an outbound connection is refused and logged, loopback is not."""
    env, log, _ = guarded_env
    probe = ("import socket\n"
             "for target in [('192.0.2.1', 80), ('example.com', 443)]:\n"
             "    try:\n        socket.create_connection(target, timeout=2)\n"
             "    except OSError as e:\n        print('blocked', target[0])\n"
             "try:\n    socket.socket().connect(('192.0.2.1', 80))\nexcept OSError as e:\n    print('connect blocked', e.errno)\n"
             "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(1)\n"
             "socket.create_connection(s.getsockname(), timeout=2).close(); print('loopback ok')\n")
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines() == ["blocked 192.0.2.1", "blocked example.com", "connect blocked 101", "loopback ok"], done.stderr
    assert "192.0.2.1" in log.read_text() and "example.com" in log.read_text()


def test_ingest_and_ask_make_no_outbound_connection(guarded_env):
    env, log, _ = guarded_env
    done = _run(env, "ingest", "--quiet", "--json")
    assert done.returncode == 0, done.stderr[-3000:]
    done = _run(env, "ask", "--json", QUESTION)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout)["citations"]
    done = _run(env, "ask", "--json", "-", stdin="Số định danh cá nhân là gì?\nco duoc lay thong tin rieng tu khong\n")
    assert done.returncode == 0, done.stderr[-3000:]
    assert log.read_text() == "", f"blocked connection attempts:\n{log.read_text()}"


def test_web_app_makes_no_outbound_connection(guarded_env, tmp_path):
    """`dancu serve` starts, serves the page and answers /api/ask; Gradio and FastAPI reach nothing outside,
    and personal data in a question does not reach the server's log."""
    if not (PROJECT_ROOT / "app.py").exists():
        pytest.skip("app.py is not in this checkout")
    env, log, _ = guarded_env
    port = free_port()
    out = open(tmp_path / "serve.log", "wb")
    server = subprocess.Popen([sys.executable, "-m", "dancu.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
                              env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        answered = None
        deadline = time.time() + 600  # builds the index first (vectors from the cache)
        body = json.dumps({"question": QUESTION}).encode("utf-8")
        while time.time() < deadline and server.poll() is None:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                conn.request("POST", "/api/ask", body=body, headers={"Content-Type": "application/json"})
                response = conn.getresponse()
                answered = (response.status, json.loads(response.read()))
                conn.close()
                break
            except (OSError, http.client.HTTPException):
                time.sleep(0.5)
        assert answered is not None, (tmp_path / "serve.log").read_text(errors="replace")[-3000:]
        assert answered[0] == 200 and answered[1]["citations"]
        # Personal data typed into a question must not end up in the server's log.
        pii = json.dumps({"question": "Tôi là Nguyễn Văn A, CCCD 001099012345, điện thoại 0912345678, email a.nguyen@example.com: "
                                      "làm lại thẻ căn cước thế nào?"}).encode("utf-8")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request("POST", "/api/ask", body=pii, headers={"Content-Type": "application/json"})
        assert conn.getresponse().status == 200
        conn.close()
        for path in ("/", "/docs", "/api/health"):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", path)
            assert conn.getresponse().status == 200, path
            conn.close()
        time.sleep(2)  # give background threads (analytics, version checks) a chance to try
    finally:
        stop_process(server, timeout_s=20)
        out.close()
    assert log.read_text() == "", f"blocked connection attempts:\n{log.read_text()}"
    server_log = (tmp_path / "serve.log").read_text(errors="replace")
    for secret in ("001099012345", "0912345678", "a.nguyen@example.com"):
        assert secret not in server_log


_INET_CONNECT = re.compile(r"connect\(\d+, \{sa_family=AF_INET6?, sin6?_port=htons\((\d+)\), .*?(?:inet_addr\(\"([^\"]+)\"\)|inet_pton\(AF_INET6, \"([^\"]+)\")")


def _outbound(trace: str) -> list[str]:
    hits = []
    for line in trace.splitlines():
        if "connect(" not in line or "AF_INET" not in line:
            continue
        match = _INET_CONNECT.search(line)
        address = (match.group(2) or match.group(3)) if match else line
        if address not in ("127.0.0.1", "::1", "::ffff:127.0.0.1"):
            hits.append(line.strip())
    return hits


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_no_connect_syscall_leaves_the_machine(guarded_env, tmp_path):
    """System-call level: native code included, ingest and ask open no connection off loopback."""
    env, _, _ = guarded_env
    env = {k: v for k, v in env.items() if k != "PYTHONPATH"}  # no Python guard: watch what would happen
    for args in (("ingest", "--quiet"), ("ask", QUESTION)):
        trace = tmp_path / f"strace-{args[0]}.txt"
        done = subprocess.run(["strace", "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(trace),
                               sys.executable, "-m", "dancu.cli", *args], env=env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0 and "PTRACE" in done.stderr.upper():
            pytest.skip(f"strace cannot trace here: {done.stderr[-300:]}")
        assert done.returncode == 0, done.stderr[-3000:]
        assert _outbound(trace.read_text(errors="replace")) == [], f"{args[0]}: outbound connect() calls"
