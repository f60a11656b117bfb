# SPDX-License-Identifier: MIT
"""A real SMTP server for the email tests: aiosmtpd (Debian python3-aiosmtpd) on 127.0.0.1.

SmtpServer records every message it accepted (envelope, raw bytes, whether the session was TLS and
who logged in) and every command verb it saw, and can be told to answer the next N DATA commands
with a temporary failure. make_tls_cert() makes a throwaway self-signed certificate for 127.0.0.1
with the openssl CLI, at test time. Thread-safe: aiosmtpd answers on its own thread."""
import email
import email.policy
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from conftest import free_port


def make_tls_cert(directory):
    """(cert.pem, key.pem) for CN/SAN 127.0.0.1 and localhost, valid for a day."""
    cert, key = directory / "smtp-cert.pem", directory / "smtp-key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True)
    return cert, key


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list
    data: bytes           # the message as it arrived (after SMTP dot-unstuffing)
    tls: bool             # the session had switched to TLS
    login: str            # who authenticated, "" if nobody

    def message(self):
        """The message parsed by Python's email package (RFC 2047 and MIME decoded)."""
        return email.message_from_bytes(self.data, policy=email.policy.default)


class _Handler:
    def __init__(self, server):
        self.server = server

    async def handle_EHLO(self, smtp, session, envelope, hostname, responses):
        self.server._saw("EHLO")
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, smtp, session, envelope, address, options):
        self.server._saw("MAIL")
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, smtp, session, envelope, address, options):
        self.server._saw("RCPT")
        if address in self.server.reject_recipients:
            return "550 5.1.1 <%s>: Recipient address rejected" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, smtp, session, envelope):
        return self.server._on_data(session, envelope)


class SmtpServer:
    """aiosmtpd on 127.0.0.1. tls=(cert, key) offers STARTTLS (and then requires it), or with
    implicit_tls=True speaks TLS from the first byte (smtps); users={login: password} enables AUTH
    (LOGIN and PLAIN unless `mechanisms` narrows it)."""

    def __init__(self, tls=None, users=None, mechanisms=("LOGIN", "PLAIN"), auth_require_tls=True, implicit_tls=False):
        self.port = free_port()
        self.users = dict(users or {})
        self.reject_recipients = set()
        self.auth_attempts = []   # (mechanism, login)
        self._lock = threading.Lock()
        self._received = []
        self._verbs = []
        self._fail_data = 0
        self.data_attempts = 0
        kwargs = {}
        controller_kwargs = {}
        if tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(str(tls[0]), str(tls[1]))
            if implicit_tls:
                controller_kwargs["ssl_context"] = context  # smtps: TLS from the first byte
            else:
                kwargs.update(tls_context=context, require_starttls=True)
        self.implicit_tls = implicit_tls
        if users:
            kwargs.update(authenticator=self._authenticate, auth_required=True, auth_require_tls=auth_require_tls,
                          auth_exclude_mechanism=[m for m in ("LOGIN", "PLAIN") if m not in mechanisms])
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port, **controller_kwargs,
                                      **kwargs)

    def start(self):
        self._controller.start()
        return self

    def stop(self):
        self._controller.stop()

    @property
    def url(self) -> str:
        return f"{'smtps' if self.implicit_tls else 'smtp'}://127.0.0.1:{self.port}"

    def fail_next_data(self, n: int, reply="451 4.3.0 Try again later"):
        with self._lock:
            self._fail_data = n
            self._fail_reply = reply

    def received(self):
        with self._lock:
            return list(self._received)

    def verbs(self):
        with self._lock:
            return list(self._verbs)

    def wait_for(self, predicate, timeout: float, what: str, log=lambda: ""):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self.received()):
                return self.received()
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; got {len(self.received())} message(s)\n{log()}")

    def _saw(self, verb):
        with self._lock:
            self._verbs.append(verb)

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        login = auth_data.login.decode() if isinstance(auth_data, LoginPassword) else ""
        password = auth_data.password.decode() if isinstance(auth_data, LoginPassword) else ""
        with self._lock:
            self._verbs.append("AUTH")
            self.auth_attempts.append((mechanism, login))
        ok = login in self.users and self.users[login] == password
        # handled=False on failure: aiosmtpd then answers 535 itself (handled=True would mean
        # "already answered" and leave the client waiting).
        return AuthResult(success=ok, handled=ok, auth_data=auth_data if ok else None)

    def _on_data(self, session, envelope):
        with self._lock:
            self._verbs.append("DATA")
            self.data_attempts += 1
            if self._fail_data > 0:
                self._fail_data -= 1
                return self._fail_reply
            login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else ""
            tls = session.ssl is not None or self.implicit_tls
            self._received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content
                                           or envelope.content, tls, login))
        return "250 2.0.0 Message accepted"
