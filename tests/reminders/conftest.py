"""A real SMTP server (aiosmtpd) on a free local port, and an officer with a contract whose law deadlines
fall around the 2026 Labour Day break."""

import socket
from datetime import date
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller

from contractmgr.extensions import db
from tests.factories import make_contract, make_user

PUBLIC_URL = "https://ht.example.gov.cn"


class Inbox:
    """What the server received: each message parsed, with the envelope's recipients."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address: str):
        return [message for recipients, message in self.messages if address in recipients]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(app):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, PUBLIC_URL=PUBLIC_URL)
    yield inbox
    controller.stop()


@pytest.fixture
def signed(app):
    """A contract signed Wed 29 Apr 2026, neither published nor filed, and an officer with an e-mail address.

    Publication within 2 working days: Thu 30 Apr, (1–5 May off) Wed 6 May. Filing within 7: 30 Apr,
    6, 7, 8, Sat 9 (make-up), 11, Tue 12 May."""
    contract = make_contract(title="洛阳运维项目")
    contract.signed_on = date(2026, 4, 29)
    officer = make_user("officer", "procurement")
    officer.email = "officer@example.gov.cn"
    db.session.commit()
    return contract


def send(app, day: str, *extra: str):
    result = app.test_cli_runner().invoke(args=["reminders", "send", "--on", day, *extra])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def subject(message) -> str:
    """The subject unfolded (a long one is folded onto the next line by the sender, as RFC 5322 allows)."""
    return str(message["Subject"]).strip()
