# SPDX-License-Identifier: MIT
"""Email receivers end to end (issue 7): the real `newswatch run` against aiosmtpd on 127.0.0.1."""
import datetime
import email.utils
import re
import time

import pytest

from conftest import Daemon, free_port
from feed_server import FeedItem, ago
from smtp_server import SmtpServer, make_tls_cert

RULES = """\
lists:
  japan: [Japan, Japanese, 日本]
  china: [China, Chinese, 中国]
rules:
  - id: test-jc-talks
    title: Japan and China hold talks
    query: '@japan AND @china AND (talks OR 会談)'
    severity: high
    tags: [meeting]
"""

HEADLINE = "日本と中国の外相が北京で会談、水産物の輸入再開を協議"
TALKS_JA = FeedItem("ja-1", HEADLINE, "両外相は意思疎通を続けることで一致した。", link="https://news.example.org/ja-1",
                    published=ago(minutes=1))
TALKS_EN = FeedItem("en-1", "Japanese and Chinese foreign ministers hold talks in Beijing",
                    "The ministers agreed to keep channels open.", published=ago(minutes=1))


def write_config(tmp_path, feeds, mail_entry, extra=""):
    """A config with these feeds (url, name), the test rules and one email receiver `mail`."""
    rules_dir = tmp_path / "rules"
    rules_dir.mkdir(exist_ok=True)
    (rules_dir / "test.yaml").write_text(RULES, encoding="utf-8")
    port = free_port()
    lines = [f"state_dir: {tmp_path / 'state'}", f'http: {{ listen: "127.0.0.1:{port}" }}', "log_level: debug",
             "feeds:"]
    lines += [f'  - {{ url: "{url}", name: "{name}", interval: 300ms }}' for url, name in feeds]
    lines += [f"rules: [ {rules_dir} ]", "receivers:", mail_entry, "routes:",
              "  - { receivers: [mail], mode: immediate }", extra]
    config = tmp_path / "newswatch.yaml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Daemon(config, tmp_path / "newswatch.log", port)


def mail_entry(smtp_url, **keys):
    """`- name: mail` as block YAML; values are written as given (quote them in the call)."""
    fields = {"type": "email", "smtp": f'"{smtp_url}"', "from": '"newswatch デスク <alerts@desk.example.org>"',
              "to": '["analyst@example.org", "Chief, Asia <chief@example.org>"]', "timeout": "5s", **keys}
    return "  - name: mail\n" + "".join(f"    {k}: {v}\n" for k, v in fields.items())


def wait_for_log(daemon, text, timeout=10.0):
    deadline = time.monotonic() + timeout
    while text not in daemon.log():
        if time.monotonic() > deadline:
            raise AssertionError(f"no {text!r} in the log within {timeout}s:\n{daemon.log()}")
        time.sleep(0.1)


@pytest.fixture
def daemons():
    started = []
    yield started
    for daemon in started:
        if daemon.proc is not None and daemon.proc.poll() is None:
            daemon.proc.kill()
            daemon.proc.wait()


@pytest.mark.parametrize("mechanism", ["LOGIN", "PLAIN"])
def test_alert_mail_over_starttls_with_auth(mechanism, feed_server, daemons, tmp_path):
    cert, key = make_tls_cert(tmp_path)
    smtp = SmtpServer(tls=(cert, key), users={"desk": "pa ss word"}, mechanisms=(mechanism,)).start()
    try:
        (tmp_path / "smtp.password").write_text("pa ss word\n", encoding="utf-8")
        url = feed_server.add_feed("/wire.xml", "Harbour Wire", [TALKS_JA])
        daemon = write_config(tmp_path, [(url, "Harbour Wire")],
                              mail_entry(smtp.url, username="desk", password_file=str(tmp_path / "smtp.password"),
                                         ca_file=str(cert)))
        daemons.append(daemon.start())
        received = smtp.wait_for(lambda r: len(r) >= 1, 15, "the alert mail", daemon.log)
        assert daemon.metric("newswatch_deliveries_total") == 1
        assert daemon.stop() == 0
        assert len(smtp.received()) == 1

        mail = received[0]
        assert mail.tls, "the message travelled in clear text"
        assert mail.login == "desk" and smtp.auth_attempts == [(mechanism, "desk")]
        assert mail.mail_from == "alerts@desk.example.org"
        assert mail.rcpt_tos == ["analyst@example.org", "chief@example.org"]

        raw = mail.data.decode("ascii")  # everything non-ASCII is encoded
        for line in raw.split("\r\n"):
            assert len(line) <= 78, line
        assert "\n" not in raw.replace("\r\n", "")
        subject_raw = re.search(r"^Subject:(.*(?:\r\n .*)*)", raw, re.M).group(1)
        assert "=?UTF-8?B?" in subject_raw
        for word in re.findall(r"=\?UTF-8\?B\?[^?]*\?=", subject_raw):
            assert len(word) <= 75, word

        msg = mail.message()
        assert msg["Subject"] == f"[newswatch] HIGH: {HEADLINE}"
        assert msg["From"].addresses[0].display_name == "newswatch デスク"
        assert msg["From"].addresses[0].addr_spec == "alerts@desk.example.org"
        assert [a.addr_spec for a in msg["To"].addresses] == ["analyst@example.org", "chief@example.org"]
        assert msg["To"].addresses[1].display_name == "Chief, Asia"
        sent = email.utils.parsedate_to_datetime(msg["Date"])
        assert abs((sent - datetime.datetime.now(datetime.timezone.utc)).total_seconds()) < 60
        assert re.fullmatch(r"<story\.story-[0-9a-f]+@desk\.example\.org>", msg["Message-ID"]), msg["Message-ID"]
        assert msg["In-Reply-To"] is None and msg["References"] is None
        assert re.fullmatch(r"evt-[0-9a-f]+", msg["X-Newswatch-Event"])
        assert msg["MIME-Version"] == "1.0"
        assert msg.get_content_type() == "multipart/alternative"

        parts = list(msg.iter_parts())
        assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
        assert all(p.get_content_charset() == "utf-8" for p in parts)
        text, html = parts[0].get_content(), parts[1].get_content()
        for needle in (HEADLINE, "[HIGH] Japan and China hold talks", "Outlet:    Harbour Wire",
                       "Link:      https://news.example.org/ja-1", "Why:       title: 日本, 中国, 会談",
                       "両外相は意思疎通を続けることで一致した。", "Sources:   Harbour Wire"):
            assert needle in text, (needle, text)
        assert f'<a href="https://news.example.org/ja-1">{HEADLINE}</a>' in html, html
        assert "日本, 中国, 会談" in html
    finally:
        smtp.stop()


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_smtps_and_a_wrong_password(feed_server, daemons, tmp_path):
    # smtps:// is TLS from the first byte; ca_file makes the throwaway certificate trusted. The
    # server answers 535 to the password: permanent, so the alert is dead-lettered at once.
    cert, key = make_tls_cert(tmp_path)
    # aiosmtpd does not count implicit TLS as TLS for AUTH, so it must be told to offer AUTH.
    smtp = SmtpServer(tls=(cert, key), implicit_tls=True, users={"desk": "right"}, auth_require_tls=False).start()
    try:
        (tmp_path / "pw").write_text("wrong\n", encoding="utf-8")
        url = feed_server.add_feed("/wire.xml", "Harbour Wire", [TALKS_EN])
        daemon = write_config(tmp_path, [(url, "Harbour Wire")],
                              mail_entry(smtp.url, username="desk", password_file=str(tmp_path / "pw"),
                                         ca_file=str(cert)))
        daemons.append(daemon.start())
        wait_for_log(daemon, "giving up on")
        assert "authentication failed" in daemon.log() and "535" in daemon.log(), daemon.log()
        assert smtp.auth_attempts and all(login == "desk" for _, login in smtp.auth_attempts)
        assert daemon.metric("newswatch_dead_letters_total") == 1
        assert smtp.received() == []
        assert daemon.stop() == 0
    finally:
        smtp.stop()


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_no_starttls_means_nothing_sent_in_clear(feed_server, daemons, tmp_path):
    # The server would even take AUTH in clear text; the daemon must not offer it anything.
    smtp = SmtpServer(users={"desk": "secret"}, auth_require_tls=False).start()
    try:
        (tmp_path / "pw").write_text("secret\n", encoding="utf-8")
        url = feed_server.add_feed("/wire.xml", "Harbour Wire", [TALKS_EN])
        daemon = write_config(tmp_path, [(url, "Harbour Wire")],
                              mail_entry(smtp.url, username="desk", password_file=str(tmp_path / "pw")))
        daemons.append(daemon.start())
        wait_for_log(daemon, "giving up on")
        assert "does not offer STARTTLS" in daemon.log(), daemon.log()
        assert "giving up on" in daemon.log()
        assert daemon.metric("newswatch_dead_letters_total") == 1
        assert daemon.metric("newswatch_outbox_dead") == 1
        assert daemon.metric("newswatch_deliveries_total") == 0
        verbs = smtp.verbs()
        assert "EHLO" in verbs
        assert not {"AUTH", "MAIL", "RCPT", "DATA"} & set(verbs), verbs
        assert smtp.received() == []
        assert daemon.stop() == 0
    finally:
        smtp.stop()


def test_temporary_failure_is_retried_and_delivered_once(feed_server, daemons, tmp_path):
    smtp = SmtpServer().start()
    smtp.fail_next_data(1)  # 451 4.3.0 Try again later
    try:
        url = feed_server.add_feed("/wire.xml", "Harbour Wire", [TALKS_EN])
        daemon = write_config(tmp_path, [(url, "Harbour Wire")], mail_entry(smtp.url, starttls="false"))
        daemons.append(daemon.start())
        # The first attempt gets 451; the dispatcher's first retry comes about 5 s later.
        smtp.wait_for(lambda r: len(r) >= 1, 20, "the retried mail", daemon.log)
        time.sleep(1.5)
        assert len(smtp.received()) == 1
        assert smtp.data_attempts == 2
        assert "451 4.3.0 Try again later" in daemon.log()
        assert daemon.metric("newswatch_delivery_failures_total") == 1
        assert daemon.metric("newswatch_deliveries_total") == 1
        assert daemon.metric("newswatch_dead_letters_total") == 0
        # Both attempts carried the same message: same Message-ID, so a client would dedupe.
        assert smtp.received()[0].message()["X-Newswatch-Event"].startswith("evt-")
        assert daemon.stop() == 0
    finally:
        smtp.stop()


def test_rejected_recipient_is_dead_lettered_with_the_servers_reason(feed_server, daemons, tmp_path):
    smtp = SmtpServer().start()
    smtp.reject_recipients.add("chief@example.org")
    try:
        url = feed_server.add_feed("/wire.xml", "Harbour Wire", [TALKS_EN])
        daemon = write_config(tmp_path, [(url, "Harbour Wire")], mail_entry(smtp.url, starttls="false"))
        daemons.append(daemon.start())
        wait_for_log(daemon, "giving up on")
        assert "550 5.1.1 <chief@example.org>: Recipient address rejected" in daemon.log(), daemon.log()
        assert daemon.metric("newswatch_dead_letters_total") == 1
        assert smtp.received() == []
        assert daemon.stop() == 0
    finally:
        smtp.stop()


def test_quiet_hours_hold_mail_back_without_failing(feed_server, daemons, tmp_path):
    smtp = SmtpServer().start()
    try:
        now = datetime.datetime.now(datetime.timezone.utc)
        start, end = now - datetime.timedelta(hours=1), now + datetime.timedelta(hours=2)
        quiet = f'{{ from: "{start:%H:%M}", to: "{end:%H:%M}", zone: UTC }}'
        url = feed_server.add_feed("/wire.xml", "Harbour Wire", [TALKS_EN])
        daemon = write_config(tmp_path, [(url, "Harbour Wire")],
                              mail_entry(smtp.url, starttls="false", quiet_hours=quiet))
        daemons.append(daemon.start())
        wait_for_log(daemon, "deferred: quiet hours until")
        assert f"deferred: quiet hours until {end:%Y-%m-%dT%H:%M}:00Z" in daemon.log(), daemon.log()
        time.sleep(1)
        assert smtp.verbs() == [], "nothing goes to the server during quiet hours"
        assert daemon.metric("newswatch_outbox_pending") == 1
        assert daemon.metric("newswatch_delivery_failures_total") == 0
        assert daemon.metric("newswatch_dead_letters_total") == 0
        assert daemon.stop() == 0
    finally:
        smtp.stop()


def test_story_update_threads_under_the_first_alert(feed_server, daemons, tmp_path):
    smtp = SmtpServer().start()
    try:
        first = feed_server.add_feed("/a.xml", "Harbour Wire", [TALKS_EN])
        second = feed_server.add_feed("/b.xml", "Ferry Times", [])
        daemon = write_config(tmp_path, [(first, "Harbour Wire"), (second, "Ferry Times")],
                              mail_entry(smtp.url, starttls="false"), extra="stories: { update_at_sources: 2 }")
        daemons.append(daemon.start())
        smtp.wait_for(lambda r: len(r) >= 1, 15, "the first alert", daemon.log)
        feed_server.add_item("/b.xml", FeedItem("en-2", "Japanese and Chinese foreign ministers hold talks in Beijing on seafood",
                                                "The ministers agreed to keep channels open.", published=ago(minutes=1)))
        received = smtp.wait_for(lambda r: len(r) >= 2, 15, "the story update", daemon.log)
        assert daemon.stop() == 0
        alert, update = received[0].message(), received[1].message()
        story_id = alert["Message-ID"]
        assert re.fullmatch(r"<story\.story-[0-9a-f]+@desk\.example\.org>", story_id)
        assert re.fullmatch(r"<update\.evt-[0-9a-f]+@desk\.example\.org>", update["Message-ID"]), update["Message-ID"]
        assert update["In-Reply-To"] == story_id
        assert update["References"] == story_id
        assert update["Subject"] == "Re: " + alert["Subject"]
        assert "story update: 2 outlets" in update.get_body(("plain",)).get_content()
    finally:
        smtp.stop()
