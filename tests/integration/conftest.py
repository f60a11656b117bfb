# SPDX-License-Identifier: MIT
"""Fixtures for integration tests: the real newswatch binary against real servers on 127.0.0.1.

NEWSWATCH_BIN names the binary (ctest sets it); otherwise ./build/newswatch is used."""
import json
import os
import pathlib
import signal
import subprocess
import time
import urllib.request

import pytest

from feed_server import FeedServer
from webhook_receiver import WebhookReceiver

ROOT = pathlib.Path(__file__).resolve().parents[2]


def newswatch_bin() -> str:
    path = os.environ.get("NEWSWATCH_BIN") or str(ROOT / "build" / "newswatch")
    if not os.access(path, os.X_OK):
        pytest.fail(f"no newswatch binary at {path}; build first or set NEWSWATCH_BIN")
    return path


class Daemon:
    """One `newswatch run --config` process; its stderr (the log) goes to a file in the state dir."""

    def __init__(self, config_path: pathlib.Path, log_path: pathlib.Path, http_port: int):
        self.config_path = config_path
        self.log_path = log_path
        self.http_port = http_port
        self.proc = None

    def start(self, timeout: float = 15.0):
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([newswatch_bin(), "run", "--config", str(self.config_path)],
                                     stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"newswatch exited with {self.proc.returncode} at start:\n{self.log()}")
            try:
                if self.get("/healthz")["status"] == "ok":
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"/healthz did not answer within {timeout}s:\n{self.log()}")

    def get(self, path: str):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}{path}", timeout=5) as r:
            body = r.read().decode("utf-8")
            return json.loads(body) if r.headers.get_content_type() == "application/json" else body

    def metric(self, name: str) -> float:
        for line in self.get("/metrics").splitlines():
            if line.startswith(name + " "):
                return float(line.split()[1])
        raise AssertionError(f"no metric {name}")

    def signal(self, signo):
        self.proc.send_signal(signo)

    def stop(self, bound: float = 12.0) -> int:
        """SIGTERM, then the exit code; fails if it takes longer than the shutdown bound."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(bound)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"newswatch did not stop within {bound}s of SIGTERM:\n{self.log()}")
        self._log.close()
        return code

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def feed_server():
    server = FeedServer().start()
    yield server
    server.stop()


@pytest.fixture
def webhook():
    receiver = WebhookReceiver().start()
    yield receiver
    receiver.stop()


# A rule pack of our own, so these tests pin the pipeline, not the shipped rules' wording.
TEST_RULES = """\
lists:
  japan: [Japan, Japanese, Tokyo, 日本]
  china: [China, Chinese, Beijing, 中国]
rules:
  - id: test-jc-talks
    title: Japan and China hold talks
    query: '@japan AND @china AND (talks OR summit OR meet*)'
    severity: high
    tags: [meeting]
    tone: 3
    tests:
      - expect: match
        title: Japanese and Chinese ministers hold talks in Tokyo
      - expect: no-match
        title: Japan beat China in a football qualifier
"""


@pytest.fixture
def make_daemon(tmp_path):
    """make_daemon(feeds=[(url, interval)], webhook_url=..., secret=...) -> Daemon (not started)."""
    made = []

    def make(feeds, webhook_url=None, secret=None, rules_text=TEST_RULES, extra_receivers="", webhook_format="json",
             extra_config=""):
        rules_dir = tmp_path / "rules"
        rules_dir.mkdir(exist_ok=True)
        (rules_dir / "test.yaml").write_text(rules_text, encoding="utf-8")
        port = free_port()
        lines = [f"state_dir: {tmp_path / 'state'}", f'http: {{ listen: "127.0.0.1:{port}" }}',
                 "log_level: debug", "feeds:"]
        for i, (url, interval) in enumerate(feeds):
            lines.append(f'  - {{ url: "{url}", name: "Feed {i}", interval: {interval} }}')
        lines.append(f"rules: [ {rules_dir} ]")
        lines.append("receivers:")
        names = []
        if webhook_url:
            entry = f'  - {{ name: hook, type: webhook, url: "{webhook_url}", format: {webhook_format}, timeout: 5s'
            if secret is not None:
                (tmp_path / "secret").write_text(secret + "\n", encoding="utf-8")
                entry += f", secret_file: {tmp_path / 'secret'}"
            lines.append(entry + " }")
            names.append("hook")
        lines.append(f"  - {{ name: log, type: file, path: {tmp_path / 'alerts.jsonl'} }}")
        names.append("log")
        if extra_receivers:
            lines.append(extra_receivers)
        lines.append("routes:")
        lines.append(f"  - {{ receivers: [{', '.join(names)}], mode: immediate }}")
        if extra_config:
            lines.append(extra_config)
        config = tmp_path / "newswatch.yaml"
        config.write_text("\n".join(lines) + "\n", encoding="utf-8")
        daemon = Daemon(config, tmp_path / "newswatch.log", port)
        made.append(daemon)
        return daemon

    yield make
    for daemon in made:
        if daemon.proc is not None and daemon.proc.poll() is None:
            daemon.proc.kill()
            daemon.proc.wait()
