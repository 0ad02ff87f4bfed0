#!/usr/bin/env python3
"""Proves an XMPP server works for the benchmarks, with a tiny raw client (stdlib only).

    check.py TCP_PORT BOSH_URL DOMAIN MUC [WS_URL] [--plain USER:PASSWORD]

Over each transport (TCP, BOSH with hold=1, and WebSocket if WS_URL is given) two clients each
open a stream, authenticate with SASL ANONYMOUS and bind a resource; the first creates a new room
on MUC by joining it, the second joins it right away (so the room must be an instant room, with
no configuration step), and a groupchat message from the first must come back to it and reach
the second. With --plain the first client of an extra TCP run logs in with SASL PLAIN instead.
Prints each step; exits 0 only if every run passed.

The session logic is written once (run_session); the transports only frame: TCP is one XML
stream (RFC 6120), BOSH wraps stanzas in <body/> (XEP-0124/XEP-0206), WebSocket carries one
element per text frame (RFC 7395).
"""
import argparse
import base64
import http.client
import os
import socket
import struct
import sys
import time
import urllib.parse
import uuid
import xml.etree.ElementTree as ET

NS_CLIENT = "jabber:client"
NS_SASL = "urn:ietf:params:xml:ns:xmpp-sasl"
NS_BIND = "urn:ietf:params:xml:ns:xmpp-bind"
NS_MUC = "http://jabber.org/protocol/muc"
NS_MUC_USER = "http://jabber.org/protocol/muc#user"
NS_HTTPBIND = "http://jabber.org/protocol/httpbind"
NS_XBOSH = "urn:xmpp:xbosh"
NS_FRAMING = "urn:ietf:params:xml:ns:xmpp-framing"
TIMEOUT = 10.0


class CheckFailed(Exception):
    pass


def local(tag):
    """'{ns}name' -> 'name': servers differ in how they qualify stanzas inside <body/>."""
    return tag.rsplit("}", 1)[-1]


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace("'", "&apos;")


class TcpTransport:
    """RFC 6120 over a TCP socket: one XML stream, restarted after SASL success."""

    name = "tcp"

    def __init__(self, label, port, domain):
        self.label = "%s %s" % (self.name, label)
        self.domain = domain
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        self.queue = []

    def open(self):
        self.parser = ET.XMLPullParser(events=("start", "end"))
        self.depth = 0
        self.sock.sendall((
            "<?xml version='1.0'?><stream:stream to='%s' xmlns='jabber:client' "
            "xmlns:stream='http://etherx.jabber.org/streams' version='1.0' xml:lang='en'>"
            % self.domain).encode())

    def send(self, xml):
        self.sock.sendall(xml.encode())

    def recv(self):
        while not self.queue:
            data = self.sock.recv(65536)
            if not data:
                raise CheckFailed("server closed the TCP connection")
            self.parser.feed(data)
            for event, elem in self.parser.read_events():
                if event == "start":
                    self.depth += 1
                else:
                    self.depth -= 1
                    if self.depth == 1:  # a complete child of <stream:stream>
                        self.queue.append(elem)
        return self.queue.pop(0)

    def close(self):
        try:
            self.sock.sendall(b"</stream:stream>")
        finally:
            self.sock.close()


class BoshTransport:
    """XEP-0124/XEP-0206: every request is a <body/> with the next rid; hold=1 means at most one
    request is kept waiting by the server, so this client sends one request at a time and polls
    with an empty <body/> when it waits for something."""

    name = "bosh"

    def __init__(self, label, url, domain):
        self.label = "%s %s" % (self.name, label)
        self.url = urllib.parse.urlsplit(url)
        self.domain = domain
        self.rid = int.from_bytes(os.urandom(4), "big")
        self.sid = None
        self.queue = []
        self.conn = http.client.HTTPConnection(self.url.hostname, self.url.port, timeout=TIMEOUT + 30)

    def _post(self, attrs, payload=""):
        self.rid += 1
        attrs = dict(attrs, rid=str(self.rid), xmlns=NS_HTTPBIND)
        if self.sid:
            attrs["sid"] = self.sid
        body = "<body %s>%s</body>" % (
            " ".join("%s='%s'" % (k, esc(v)) for k, v in attrs.items()), payload)
        self.conn.request("POST", self.url.path, body.encode(),
                          {"Content-Type": "text/xml; charset=utf-8"})
        resp = self.conn.getresponse()
        data = resp.read()
        if resp.status != 200:
            raise CheckFailed("BOSH HTTP %d: %r" % (resp.status, data[:200]))
        root = ET.fromstring(data)
        if root.get("type") == "terminate":
            raise CheckFailed("BOSH session terminated: %s" % root.get("condition"))
        self.queue.extend(list(root))
        return root

    def open(self):
        if self.sid is None:  # XEP-0124 §7.1 session creation, XEP-0206 §6 version
            root = self._post({"content": "text/xml; charset=utf-8", "hold": "1", "wait": "5",
                               "to": self.domain, "ver": "1.6", "xml:lang": "en",
                               "xmpp:version": "1.0", "xmlns:xmpp": NS_XBOSH})
            self.sid = root.get("sid")
            if not self.sid:
                raise CheckFailed("no sid in the session creation response")
            print("  %s: session sid=%s hold=%s wait=%s requests=%s" % (
                self.label, self.sid, root.get("hold"), root.get("wait"), root.get("requests")))
        else:  # XEP-0206 §5 restart after SASL
            self._post({"to": self.domain, "xml:lang": "en", "xmpp:restart": "true",
                        "xmlns:xmpp": NS_XBOSH})

    def send(self, xml):
        self._post({}, xml)

    def recv(self):
        deadline = time.monotonic() + TIMEOUT
        while not self.queue:
            if time.monotonic() > deadline:
                raise CheckFailed("nothing received over BOSH in %d s" % TIMEOUT)
            self._post({})
        return self.queue.pop(0)

    def close(self):
        try:
            self._post({"type": "terminate"},
                       "<presence xmlns='jabber:client' type='unavailable'/>")
        except (CheckFailed, OSError):
            pass
        self.conn.close()


class WebSocketTransport:
    """RFC 7395: sub-protocol 'xmpp', one complete element per text frame, <open/> and <close/>
    instead of the stream tags. Minimal RFC 6455 framing: masked client frames, no extensions."""

    name = "ws"

    def __init__(self, label, url, domain):
        self.label = "%s %s" % (self.name, label)
        u = urllib.parse.urlsplit(url)
        self.domain = domain
        self.sock = socket.create_connection((u.hostname, u.port or 80), timeout=TIMEOUT)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((
            "GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n"
            "Sec-WebSocket-Protocol: xmpp\r\n\r\n" % (u.path or "/", u.hostname, u.port, key)).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise CheckFailed("server closed the WebSocket handshake")
            head += chunk
        head, self.buf = head.split(b"\r\n\r\n", 1)
        status = head.split(b"\r\n", 1)[0]
        if b" 101 " not in status + b" ":
            raise CheckFailed("WebSocket handshake answered %r" % status)

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise CheckFailed("server closed the WebSocket")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _frame(self, opcode, payload):
        mask = os.urandom(4)
        n = len(payload)
        head = bytes([0x80 | opcode])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def open(self):
        self.send("<open xmlns='%s' to='%s' version='1.0'/>" % (NS_FRAMING, self.domain))

    def send(self, xml):
        self._frame(0x1, xml.encode())

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            mask = self._read(4) if b1 & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            opcode = b0 & 0x0F
            if opcode == 0x9:  # RFC 6455 §5.5.2: answer a ping with a pong
                self._frame(0xA, payload)
                continue
            if opcode == 0x8:
                raise CheckFailed("server closed the WebSocket: %r" % payload[2:])
            if opcode in (0x0, 0x1):
                message += payload
                if b0 & 0x80:
                    elem = ET.fromstring(message)
                    if local(elem.tag) == "open":  # the stream header's stand-in
                        message = b""
                        continue
                    return elem

    def close(self):
        try:
            self.send("<close xmlns='%s'/>" % NS_FRAMING)
        finally:
            self.sock.close()


def expect(transport, what, match):
    """Reads elements until match(elem) is true; stanzas in between (presences, history, the
    room subject) are skipped; a stream error or a SASL failure ends the check."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        elem = transport.recv()
        if local(elem.tag) in ("error", "failure") and elem.tag.split("}")[0][1:] != NS_CLIENT:
            raise CheckFailed("%s: got %s" % (what, ET.tostring(elem)[:300]))
        if match(elem):
            return elem
        if elem.get("type") == "error":
            raise CheckFailed("%s: got %s" % (what, ET.tostring(elem)[:300]))
    raise CheckFailed("%s: nothing matching within %d s" % (what, TIMEOUT))


def features(transport):
    return expect(transport, "stream features", lambda e: local(e.tag) == "features")


def say(t, msg):
    print("  %s: %s" % (t.label, msg))


def login(t, plain=None):
    """Stream open, SASL (ANONYMOUS, or PLAIN with USER:PASSWORD), stream restart, bind."""
    t.open()
    mechs = [m.text for m in features(t).iter("{%s}mechanism" % NS_SASL)]
    say(t, "stream open, SASL mechanisms %s" % " ".join(mechs))
    if plain:
        user, password = plain.split(":", 1)
        mech, data = "PLAIN", base64.b64encode(("\0%s\0%s" % (user, password)).encode()).decode()
    else:
        mech, data = "ANONYMOUS", base64.b64encode(b"check.py").decode()
    if mech not in mechs:
        raise CheckFailed("SASL %s not offered" % mech)
    t.send("<auth xmlns='%s' mechanism='%s'>%s</auth>" % (NS_SASL, mech, data))
    expect(t, "SASL %s" % mech, lambda e: local(e.tag) == "success")
    say(t, "SASL %s success" % mech)

    t.open()  # RFC 6120 §6.4.6: a new stream after SASL success
    if features(t).find("{%s}bind" % NS_BIND) is None:
        raise CheckFailed("no resource binding offered")
    t.send("<iq xmlns='jabber:client' type='set' id='bind1'><bind xmlns='%s'>"
           "<resource>check</resource></bind></iq>" % NS_BIND)
    iq = expect(t, "bind", lambda e: local(e.tag) == "iq" and e.get("id") == "bind1")
    jid = iq.find(".//{%s}jid" % NS_BIND)
    if iq.get("type") != "result" or jid is None:
        raise CheckFailed("bind failed: %s" % ET.tostring(iq)[:300])
    say(t, "bound as %s" % jid.text)


def join(t, room, nick):
    """XEP-0045 §7.2: enter the room (creating it if new); done on the self-presence (110)."""
    occupant = "%s/%s" % (room, nick)
    t.send("<presence xmlns='jabber:client' to='%s'><x xmlns='%s'>"
           "<history maxstanzas='0'/></x></presence>" % (occupant, NS_MUC))

    def self_presence(e):
        if local(e.tag) != "presence" or e.get("from") != occupant:
            return False
        if e.get("type") == "error":
            raise CheckFailed("join refused: %s" % ET.tostring(e)[:300])
        return True
    pres = expect(t, "join %s" % room, self_presence)
    codes = sorted(s.get("code") for s in pres.iter("{%s}status" % NS_MUC_USER))
    say(t, "joined %s as %s (status codes %s)" % (room, nick, " ".join(codes)))
    return occupant


def expect_groupchat(t, occupant, body):
    def match(e):
        if local(e.tag) != "message" or e.get("from") != occupant:
            return False
        if e.get("type") == "error":
            raise CheckFailed("groupchat refused: %s" % ET.tostring(e)[:300])
        b = next((c for c in e if local(c.tag) == "body"), None)
        return b is not None and b.text == body
    expect(t, "groupchat from %s" % occupant, match)


def run_session(make, domain, muc, plain=None):
    """Two clients over one transport: the first creates a room by joining it, the second
    joins it at once and must be let in (an instant room: no configuration form submitted,
    XEP-0045 §10.1.2; a locked room would answer item-not-found), then the first sends a
    groupchat message that both must get (XEP-0045 §7.4: reflected to the sender too)."""
    a, b = make("a"), make("b")
    try:
        login(a, plain)
        login(b)
        room = "check-%s@%s" % (uuid.uuid4().hex[:10], muc)
        occupant_a = join(a, room, "%s-a" % a.name)
        join(b, room, "%s-b" % b.name)
        body = "hello from check.py over %s" % a.name
        a.send("<message xmlns='jabber:client' to='%s' type='groupchat' id='m1'><body>%s</body>"
               "</message>" % (room, body))
        expect_groupchat(a, occupant_a, body)
        say(a, "groupchat message came back to its sender")
        expect_groupchat(b, occupant_a, body)
        say(b, "groupchat message reached the other occupant")
    finally:
        for t in (a, b):
            try:
                t.close()
            except OSError:
                pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tcp_port", type=int)
    ap.add_argument("bosh_url")
    ap.add_argument("domain")
    ap.add_argument("muc")
    ap.add_argument("ws_url", nargs="?")
    ap.add_argument("--plain", metavar="USER:PASSWORD", help="also log in with SASL PLAIN over TCP")
    args = ap.parse_args()

    tcp = lambda label: TcpTransport(label, args.tcp_port, args.domain)
    runs = [("tcp", tcp, None)]
    if args.plain:
        runs.append(("tcp PLAIN", tcp, args.plain))
    runs.append(("bosh", lambda label: BoshTransport(label, args.bosh_url, args.domain), None))
    if args.ws_url:
        runs.append(("ws", lambda label: WebSocketTransport(label, args.ws_url, args.domain), None))

    failed = 0
    for label, make, plain in runs:
        print("check %s:" % label)
        try:
            run_session(make, args.domain, args.muc, plain)
            print("  PASS %s" % label)
        except (CheckFailed, OSError, ET.ParseError) as e:
            failed += 1
            print("  FAIL %s: %s" % (label, e))
    print("check: %d passed, %d failed" % (len(runs) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
