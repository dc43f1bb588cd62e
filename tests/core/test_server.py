"""gunicorn, as `make run` and the deployment guide start it, takes long search addresses and
answers over-long ones with a GOV.UK page rather than its own bare one."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def raw_get(port: int, target: str) -> tuple[int, str]:
    """Send one GET as bytes, so nothing on our side shortens or refuses the address."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    response = b"".join(chunks).decode("utf-8", "replace")
    return int(response.split(" ", 2)[1]), response


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    port = free_port()
    env = {
        **os.environ,
        "ASCENT_ENV": "test",
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('gunicorn') / 'db.sqlite3'}",
    }
    env.pop("DEBUG", None)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--config",
            "gunicorn.conf.py",
            "ascent.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_five_thousand_character_search_reaches_the_service(gunicorn):
    status, response = raw_get(gunicorn, "/no-such-page/?q=" + "x" * 5000)
    assert status == 404
    assert "Page not found" in response


def test_an_over_long_address_gets_a_govuk_page(gunicorn):
    status, response = raw_get(gunicorn, "/no-such-page/?q=" + "x" * 9000)
    assert status == 414
    assert "Content-Type: text/html; charset=utf-8" in response
    assert '<h1 class="govuk-heading-l">Sorry, that web address is too long</h1>' in response
    assert "<title>Sorry, that web address is too long – Ascent</title>" in response
    assert "Request Line is too large" not in response
