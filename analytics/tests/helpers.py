"""Test support: user agents, a clean buffer, and a throw-away Redis server."""

import shutil
import socket
import subprocess
import tempfile
import time

from analytics.buffer import get_buffer

BROWSER = {
    "HTTP_USER_AGENT": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36"
}
BAIDU = {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com)"}
SCRIPT = {"HTTP_USER_AGENT": "python-requests/2.32.3"}


def clean_buffer() -> None:
    get_buffer().clear()


class RedisServer:
    """A redis-server of our own on a free port, without persistence; None if not installed."""

    def __init__(self) -> None:
        self.process = None
        self.url = ""
        self.dir = ""

    def start(self) -> bool:
        binary = shutil.which("redis-server")
        if not binary:
            return False
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.dir = tempfile.mkdtemp(prefix="analytics-redis-")
        self.process = subprocess.Popen(  # noqa: S603 — a fixed binary and arguments
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", self.dir],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"redis://127.0.0.1:{port}/0"
        import redis

        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                client.ping()
                return True
            except redis.ConnectionError:
                time.sleep(0.05)
        self.stop()
        return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=5)
            self.process = None
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
