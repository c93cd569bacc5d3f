#!/usr/bin/python3
"""A real SMTP server for vscope's alert tests, made with Debian's python3-aiosmtpd.

Usage: smtp_server.py PORT CERT_PEM KEY_PEM USERNAME PASSWORD OUTPUT_DIR

Listens on 127.0.0.1:PORT, requires STARTTLS before anything else (with the given certificate)
and authentication (PLAIN or LOGIN, only over TLS) with the given account. Each message received
is written to OUTPUT_DIR as msg-N.json ({"mailFrom", "rcptTos", "data", "login", "tls"}), whole
(written aside, then renamed). Prints "ready" once it listens, and serves until stdin is closed,
so that a test that dies leaves no server behind.
"""
import json
import os
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, cert, key, username, password, out = sys.argv[1:7]


class Keep:
    count = 0

    async def handle_DATA(self, server, session, envelope):
        Keep.count += 1
        record = {
            "mailFrom": envelope.mail_from,
            "rcptTos": envelope.rcpt_tos,
            "data": envelope.content.decode("utf-8", "replace"),
            "login": session.auth_data.decode() if isinstance(session.auth_data, bytes) else None,
            "tls": session.ssl is not None,
        }
        path = os.path.join(out, "msg-%d.json" % Keep.count)
        with open(path + ".tmp", "w") as f:
            json.dump(record, f)
        os.rename(path + ".tmp", path)
        return "250 OK"


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == username and auth_data.password.decode() == password
    return AuthResult(success=ok, handled=False, auth_data=auth_data.login if ok else None)


context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
controller = Controller(Keep(), hostname="127.0.0.1", port=int(port), tls_context=context, require_starttls=True,
                        auth_required=True, auth_require_tls=True, authenticator=authenticate)
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
