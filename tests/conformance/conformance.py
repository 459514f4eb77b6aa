#!/usr/bin/env python3
"""WebSocket conformance suite for duplex-server, modelled on the Autobahn TestSuite's fuzzingclient.

A raw RFC 6455 client of its own (and RFC 7692 permessage-deflate with zlib) drives a duplex-server in raw mode,
which echoes every message byte for byte. Each case opens a fresh connection, sends its frames, and compares what
comes back with the table below. Standard library only, so it runs wherever python3 does.

    conformance.py [--engine native|qt] [--tls [--tls-version 1.2|1.3]] [--compression]
                   [--expected-failures FILE] [--json OUT]

Results: PASS; NON-STRICT (allowed by the RFC but not the strict behaviour); FAIL (with what came instead).
The exit status is 0 when every case passes, except those named in the expected-failures file, which must FAIL
(one that passes is reported as XPASS, so the list stays accurate). A reason that starts with "flaky:" marks a
case that fails only some of the time (a race in the server under test): it may pass or fail.

How "the connection stays open" is checked without sleeping: every case sends a ping with a payload of its own in
the same write as its last frames; the pong to it must come right after the expected echoes. A server that was
expected to close and answers that ping instead has stayed open.
"""

import argparse
import base64
import hashlib
import json
import os
import re
import select
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SERVER = os.path.normpath(os.path.join(HERE, "..", "..", "build", "bin", "duplex-server"))

CONT, TEXT, BINARY, CLOSE, PING, PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA
OPCODE_NAMES = {CONT: "continuation", TEXT: "text", BINARY: "binary", CLOSE: "close", PING: "ping", PONG: "pong"}
RSV1, RSV2, RSV3 = 4, 2, 1  # Autobahn writes the three reserved bits as one number, RSV1 the highest

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
# How long a case may wait for what it expects; a sanitizer build of the server is several times slower.
CASE_TIMEOUT = float(os.environ.get("DUPLEX_CONFORMANCE_TIMEOUT", "2.0"))
MAX_MESSAGE_SIZE = 4 * 1024 * 1024  # passed to the server as --max-message-size
DEFAULT_OFFER = "permessage-deflate; client_max_window_bits"
FINAL_PING = b"conformance: still open?"
EMPTY_CLOSE = None  # in a set of close codes: a close frame without a payload
SYNC_TAIL = b"\x00\x00\xff\xff"
TLS_VERSIONS = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}

SECTIONS = {
    "1": "Framing",
    "2": "Pings and pongs",
    "3": "Reserved bits",
    "4": "Opcodes",
    "5": "Fragmentation",
    "6": "UTF-8",
    "7": "Close handshake",
    "9": "Large and pipelined messages",
    "10": "Masking",
    "12": "permessage-deflate: messages",
    "13": "permessage-deflate: negotiation and misuse",
}


# ---------------------------------------------------------------------------------------------------------------
# What a case sends and expects


@dataclass
class Frame:
    op: int
    payload: bytes = b""
    fin: bool = True
    rsv: int = 0
    masked: bool = True
    mask_key: bytes = None  # None: a fresh random key
    length_bytes: int = None  # force the 2- or 8-byte extended length form (RFC 6455 asks for the shortest)
    length_override: int = None  # announce this length instead of the payload's
    compress: bool = False  # deflate the payload with the connection's compressor and set RSV1
    fragment_size: int = 0  # with compress: cut the compressed payload into frames of this size
    ping_between: bytes = None  # with fragment_size: a ping with this payload after the first frame
    continuation_rsv: int = 0  # with fragment_size: RSV bits on the continuation frames (a misuse)


BREAK = Frame(-1)  # in a case's frames: what follows goes in a write of its own


def _bytes(payload):
    return payload.encode("utf-8") if isinstance(payload, str) else bytes(payload)


def text(payload=b"", **kw):
    return Frame(TEXT, _bytes(payload), **kw)


def binary(payload=b"", **kw):
    return Frame(BINARY, _bytes(payload), **kw)


def cont(payload=b"", **kw):
    return Frame(CONT, _bytes(payload), **kw)


def ping(payload=b"", **kw):
    return Frame(PING, _bytes(payload), **kw)


def pong(payload=b"", **kw):
    return Frame(PONG, _bytes(payload), **kw)


def close(code=None, reason=b"", **kw):
    payload = b"" if code is None else code.to_bytes(2, "big") + _bytes(reason)
    return Frame(CLOSE, payload, **kw)


def fragmented(op, payload, size):
    """One message cut into frames of `size` bytes (the first with `op`, the rest continuations)."""
    payload = _bytes(payload)
    pieces = [payload[i:i + size] for i in range(0, len(payload), size)] or [b""]
    return [Frame(op if i == 0 else CONT, p, fin=(i == len(pieces) - 1)) for i, p in enumerate(pieces)]


# Events the client receives, as compared with a case's expectation.
def T(payload):
    return ("text", _bytes(payload))


def B(payload):
    return ("binary", _bytes(payload))


def P(payload=b""):
    return ("pong", _bytes(payload))


def codes(*values):
    return frozenset(values)


@dataclass
class Case:
    id: str
    desc: str
    send: list
    expect: list = field(default_factory=list)  # echoes and pongs, in order, before the end
    close: frozenset = None  # None: the connection stays open; else the close codes that PASS
    nonstrict: list = field(default_factory=list)  # [(expect, close, note)]: allowed, but not the strict answer
    chop: int = 0  # send all bytes in pieces of this size, with a pause between them
    framewise: bool = False  # each frame in a write of its own, with a pause between them
    pause: float = 0.001
    with_handshake: bool = False  # the frames go in the same write as the HTTP request
    offer: str = None  # Sec-WebSocket-Extensions to offer instead of the configuration's default
    needs: str = None  # "deflate": only in configurations that offer compression
    timeout: float = CASE_TIMEOUT

    @property
    def section(self):
        return self.id.split(".")[0]

    def runs_in(self, compression):
        if self.needs == "deflate":
            return compression
        # With permessage-deflate agreed, RSV1 on a data frame means "compressed", no longer a protocol error.
        if compression and any(f.op in (TEXT, BINARY) and f.rsv & RSV1 and not f.compress for f in self.send):
            return False
        return True

    def expectation(self):
        return describe_expectation(self.expect, self.close)


def describe_expectation(expect, close_codes):
    parts = []
    for kind, _ in expect:
        name = "pong" if kind == "pong" else "echo"
        if parts and parts[-1][0] == name:
            parts[-1][1] += 1
        else:
            parts.append([name, 1])
    def counted(name, n):
        return name if n == 1 else f"{n} {name}es" if name == "echo" else f"{n} {name}s"

    if len(parts) > 4:
        totals = {name: sum(n for kind, n in parts if kind == name) for name in ("echo", "pong")}
        words = [counted("echo", totals["echo"]) + " and " + counted("pong", totals["pong"]) + " interleaved"]
    else:
        words = [counted(name, n) for name, n in parts]
    if close_codes is None:
        words.append("open" if words else "nothing, open")
    else:
        words.append("close " + codes_name(close_codes))
    return ", ".join(words)


# ---------------------------------------------------------------------------------------------------------------
# The case table


def section1():
    cases = []
    sizes = [0, 125, 126, 127, 128, 65535, 65536]
    for sub, (kind, make, expected, fill) in enumerate(
            [("text", text, T, b"*"), ("binary", binary, B, b"\xfe")], 1):
        for n, size in enumerate(sizes, 1):
            cases.append(Case(f"1.{sub}.{n}", f"{kind} message of {size} bytes",
                              [make(fill * size)], [expected(fill * size)]))
        cases.append(Case(f"1.{sub}.8", f"{kind} message of 65536 bytes sent in chops of 997 bytes",
                          [make(fill * 65536)], [expected(fill * 65536)], chop=997))
    cases += [
        Case("1.3.1", "5-byte text with a 16-bit length (not the shortest form)", [text("Hello", length_bytes=2)],
             close=codes(1002)),
        Case("1.3.2", "5-byte text with a 64-bit length (not the shortest form)", [text("Hello", length_bytes=8)],
             close=codes(1002)),
        Case("1.3.3", "200-byte text with a 64-bit length (not the shortest form)",
             [text(b"*" * 200, length_bytes=8)], close=codes(1002)),
        Case("1.3.4", "64-bit length with the most significant bit set",
             [text("Hello", length_bytes=8, length_override=(1 << 63) | 5)], close=codes(1002),
             nonstrict=[([], codes(1009), "closed with 1009 (too big) rather than 1002")]),
    ]
    return cases


def section2():
    ten = [f"payload-{i}" for i in range(10)]
    only_last = ([P(ten[-1])], None, "answered only the last of the 10 pings (RFC 6455 5.5.3 allows it)")
    return [
        Case("2.1", "ping without payload", [ping()], [P()]),
        Case("2.2", "ping with a small text payload", [ping("Hello, world!")], [P("Hello, world!")]),
        Case("2.3", "ping with a small binary payload", [ping(b"\x00\xff\xfe\xfd\xfc\xfb\x00\xff")],
             [P(b"\x00\xff\xfe\xfd\xfc\xfb\x00\xff")]),
        Case("2.4", "ping with a 125-byte payload", [ping(b"\xfe" * 125)], [P(b"\xfe" * 125)]),
        Case("2.5", "ping with a 126-byte payload", [ping(b"\xfe" * 126)], close=codes(1002)),
        Case("2.6", "ping with a 125-byte payload sent byte by byte", [ping(b"\xfe" * 125)], [P(b"\xfe" * 125)],
             chop=1, pause=0.0005),
        Case("2.7", "unsolicited pong without payload (nothing comes back)", [pong()]),
        Case("2.8", "unsolicited pong with payload (nothing comes back)", [pong("unsolicited pong payload")]),
        Case("2.9", "unsolicited pong, then ping", [pong("unsolicited pong payload"), ping("ping payload")],
             [P("ping payload")]),
        Case("2.10", "10 pings in one write", [ping(p) for p in ten], [P(p) for p in ten], nonstrict=[only_last]),
        Case("2.11", "10 pings, each in a write of its own", [ping(p) for p in ten], [P(p) for p in ten],
             nonstrict=[only_last], framewise=True),
    ]


def section3():
    hello = "Hello"
    data = bytes(range(8))
    return [
        Case("3.1", "text with RSV3", [text(hello, rsv=RSV3)], close=codes(1002)),
        Case("3.2", "text, then text with RSV2, then ping", [text(hello), text(hello, rsv=RSV2), ping(hello)],
             [T(hello)], close=codes(1002)),
        Case("3.3", "text, then text with RSV2+RSV3, then ping, frame by frame",
             [text(hello), text(hello, rsv=RSV2 | RSV3), ping(hello)], [T(hello)], close=codes(1002),
             framewise=True),
        Case("3.4", "text, then text with RSV1, then ping, byte by byte",
             [text(hello), text(hello, rsv=RSV1), ping(hello)], [T(hello)], close=codes(1002), chop=1),
        Case("3.5", "binary with RSV1+RSV3", [binary(data, rsv=RSV1 | RSV3)], close=codes(1002)),
        Case("3.6", "ping with RSV1+RSV2", [ping(hello, rsv=RSV1 | RSV2)], close=codes(1002)),
        Case("3.7", "close with all three RSV bits", [close(1000, rsv=RSV1 | RSV2 | RSV3)], close=codes(1002)),
        Case("3.8", "text with RSV1 (no extension agreed)", [text(hello, rsv=RSV1)], close=codes(1002)),
        Case("3.9", "binary with RSV2", [binary(data, rsv=RSV2)], close=codes(1002)),
        Case("3.10", "binary, then binary with RSV3", [binary(data), binary(data, rsv=RSV3)], [B(data)],
             close=codes(1002)),
        Case("3.11", "ping with RSV1", [ping(hello, rsv=RSV1)], close=codes(1002)),
        Case("3.12", "ping with RSV3", [ping(hello, rsv=RSV3)], close=codes(1002)),
        Case("3.13", "unsolicited pong with RSV1", [pong(hello, rsv=RSV1)], close=codes(1002)),
        Case("3.14", "close with RSV1", [close(1000, rsv=RSV1)], close=codes(1002)),
        Case("3.15", "close with RSV2", [close(1000, rsv=RSV2)], close=codes(1002)),
        Case("3.16", "text with all three RSV bits", [text(hello, rsv=RSV1 | RSV2 | RSV3)], close=codes(1002)),
        Case("3.17", "continuation with RSV2 inside a fragmented text",
             [text("frag1", fin=False), cont("frag2", rsv=RSV2)], close=codes(1002)),
        Case("3.18", "continuation with RSV1 inside a fragmented text (never valid, RFC 7692 6.1)",
             [text("frag1", fin=False), cont("frag2", rsv=RSV1)], close=codes(1002)),
    ]


def section4():
    hello = "Hello"
    reserved = "reserved opcode"
    cases = []
    for sub, ops in ((1, (3, 4, 5, 6, 7)), (2, (11, 12, 13, 14, 15))):
        a, b, c, d, e = ops
        cases += [
            Case(f"4.{sub}.1", f"{reserved} {a}", [Frame(a)], close=codes(1002)),
            Case(f"4.{sub}.2", f"{reserved} {b} with payload", [Frame(b, b"reserved payload")],
                 close=codes(1002)),
            Case(f"4.{sub}.3", f"text, then {reserved} {c}, then ping", [text(hello), Frame(c), ping(hello)],
                 [T(hello)], close=codes(1002)),
            Case(f"4.{sub}.4", f"text, then {reserved} {d} with payload, then ping",
                 [text(hello), Frame(d, b"reserved payload"), ping(hello)], [T(hello)], close=codes(1002)),
            Case(f"4.{sub}.5", f"text, then {reserved} {e} with payload, then ping, frame by frame",
                 [text(hello), Frame(e, b"reserved payload"), ping(hello)], [T(hello)], close=codes(1002),
                 framewise=True),
        ]
    return cases


def section5():
    f1, f2 = "fragment1", "fragment2"
    two = [text(f1, fin=False), cont(f2)]
    with_ping = [text(f1, fin=False), ping("pongme!"), cont(f2)]
    no_start_fin = [cont("non-continuation payload"), text("Hello, world!")]
    no_start = [cont("non-continuation payload", fin=False), text("Hello, world!")]
    five = [text("fragment1", fin=False), cont("fragment2", fin=False), ping("pongme 1!"),
            cont("fragment3", fin=False), cont("fragment4", fin=False), ping("pongme 2!"), cont("fragment5")]
    five_expect = [P("pongme 1!"), P("pongme 2!"), T("fragment1fragment2fragment3fragment4fragment5")]
    bytes64 = bytes(range(64))
    return [
        Case("5.1", "ping in 2 fragments", [ping(f1, fin=False), cont(f2)], close=codes(1002)),
        Case("5.2", "pong in 2 fragments", [pong(f1, fin=False), cont(f2)], close=codes(1002)),
        Case("5.3", "text in 2 fragments", two, [T(f1 + f2)]),
        Case("5.4", "text in 2 fragments, frame by frame", two, [T(f1 + f2)], framewise=True),
        Case("5.5", "text in 2 fragments, byte by byte", two, [T(f1 + f2)], chop=1),
        Case("5.6", "text in 2 fragments with a ping between them", with_ping, [P("pongme!"), T(f1 + f2)]),
        Case("5.7", "text in 2 fragments with a ping between them, frame by frame", with_ping,
             [P("pongme!"), T(f1 + f2)], framewise=True),
        Case("5.8", "text in 2 fragments with a ping between them, byte by byte", with_ping,
             [P("pongme!"), T(f1 + f2)], chop=1),
        Case("5.9", "final continuation with nothing to continue, then text", no_start_fin, close=codes(1002)),
        Case("5.10", "final continuation with nothing to continue, then text, frame by frame", no_start_fin,
             close=codes(1002), framewise=True),
        Case("5.11", "final continuation with nothing to continue, then text, byte by byte", no_start_fin,
             close=codes(1002), chop=1),
        Case("5.12", "non-final continuation with nothing to continue, then text", no_start, close=codes(1002)),
        Case("5.13", "non-final continuation with nothing to continue, then text, frame by frame", no_start,
             close=codes(1002), framewise=True),
        Case("5.14", "non-final continuation with nothing to continue, then text, byte by byte", no_start,
             close=codes(1002), chop=1),
        Case("5.15", "text in 2 fragments, then a continuation with nothing to continue",
             two + [cont("fragment3", fin=False), text("fragment4")], [T(f1 + f2)], close=codes(1002)),
        Case("5.16", "continuation, text, final continuation, twice",
             [cont("fragment1", fin=False), text("fragment2", fin=False), cont("fragment3")] * 2,
             close=codes(1002)),
        Case("5.17", "final continuation, text, final continuation, twice",
             [cont("fragment1"), text("fragment2", fin=False), cont("fragment3")] * 2, close=codes(1002)),
        Case("5.18", "a new text start inside an unfinished text message", [text(f1, fin=False), text(f2)],
             close=codes(1002)),
        Case("5.19", "text in 5 fragments with 2 pings between them, frame by frame", five, five_expect,
             framewise=True, pause=0.02),
        Case("5.20", "text in 5 fragments with 2 pings between them, in one write", five, five_expect),
        Case("5.21", "binary in 2 fragments", [binary(bytes64[:20], fin=False), cont(bytes64[20:])],
             [B(bytes64)]),
        Case("5.22", "binary in 3 fragments, the middle one empty",
             [binary(bytes64[:32], fin=False), cont(b"", fin=False), cont(bytes64[32:])], [B(bytes64)]),
        Case("5.23", "text ending with an empty final continuation", [text("Hello", fin=False), cont(b"")],
             [T("Hello")]),
        Case("5.24", "close in 2 fragments", [Frame(CLOSE, b"\x03", fin=False), cont(b"\xe8")], close=codes(1002)),
        Case("5.25", "binary in 3 fragments with a ping between each",
             [binary(bytes64[:10], fin=False), ping("p1"), cont(bytes64[10:40], fin=False), ping("p2"),
              cont(bytes64[40:])], [P("p1"), P("p2"), B(bytes64)]),
        Case("5.26", "text in 64 fragments of one byte", fragmented(TEXT, "x" * 64, 1), [T("x" * 64)]),
    ]


HELLO_UTF8 = "Hello-µ@ßöäüàá-UTF-8!!"
KOSME = "κόσμε"
WOSHI = "我是服务端"
EMOJI = "\U0001F600"


def split_everywhere(payload):
    """The message cut in two fragments at every byte position: one message per position."""
    data = _bytes(payload)
    frames = []
    for i in range(1, len(data)):
        frames += [text(data[:i], fin=False), cont(data[i:])]
    return frames, [T(data)] * (len(data) - 1)


def section6():
    cases = [
        Case("6.1.1", "empty text message", [text()], [T(b"")]),
        Case("6.1.2", "text in 3 empty fragments", [text(fin=False), cont(fin=False), cont()], [T(b"")]),
        Case("6.1.3", "text in 3 fragments, the first and last empty",
             [text(fin=False), cont("middle frame payload", fin=False), cont()], [T("middle frame payload")]),
    ]
    hello = HELLO_UTF8.encode()
    cut = len("Hello-µ@".encode())
    cases += [
        Case("6.2.1", "valid UTF-8 with 2-byte characters in one frame", [text(hello)], [T(hello)]),
        Case("6.2.2", "the same in 2 fragments, cut between characters",
             [text(hello[:cut], fin=False), cont(hello[cut:])], [T(hello)]),
        Case("6.2.3", "the same in fragments of one byte", fragmented(TEXT, hello, 1), [T(hello)]),
        Case("6.2.4", "κόσμε in fragments of one byte", fragmented(TEXT, KOSME, 1), [T(KOSME)]),
    ]
    edited = b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80edited"
    cases += [
        Case("6.3.1", "invalid UTF-8 (a surrogate) in one frame", [text(edited)], close=codes(1007)),
        Case("6.3.2", "the same in fragments of one byte", fragmented(TEXT, edited, 1), close=codes(1007)),
    ]
    # Fail fast: a ping follows the invalid fragment. A server that checks each fragment closes before answering
    # it; one that waits for the whole message answers the ping first (allowed, but not strict).
    late = "waited for the end of the message before the 1007"
    for n, (first, rest, what) in enumerate([
        (b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80", b"edited",
         "invalid in the first fragment"),
        (b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xf4\x90", b"\x80\x80edited",
         "an impossible prefix (F4 90) at the end of the first fragment"),
        (b"\xfe", b"rest", "0xFE as the first byte of the first fragment"),
    ], 1):
        cases.append(Case(f"6.4.{n}", f"fail fast: {what}",
                          [text(first, fin=False), ping("after the bad fragment"), cont(rest)],
                          close=codes(1007), nonstrict=[([P("after the bad fragment")], codes(1007), late)]))
    bom = "\ufeffhello"
    cases += [
        Case("6.5.1", "我是服务端 (3-byte characters)", [text(WOSHI)], [T(WOSHI)]),
        Case("6.5.2", "κόσμε (2-byte characters)", [text(KOSME)], [T(KOSME)]),
        Case("6.5.3", "emoji U+1F600 (a 4-byte character)", [text(f"smile {EMOJI}!")], [T(f"smile {EMOJI}!")]),
        Case("6.5.4", "a BOM (U+FEFF) at the start is kept byte for byte", [text(bom)], [T(bom)]),
    ]
    emoji = EMOJI.encode()
    woshi = WOSHI.encode()
    bom_bytes = bom.encode()
    for n, (label, payload) in enumerate([(WOSHI, WOSHI), (KOSME, KOSME), (f"a{EMOJI}b", f"a{EMOJI}b")], 1):
        frames, expected = split_everywhere(payload)
        cases.append(Case(f"6.6.{n}", f"{label} in 2 fragments, cut at every byte position", frames, expected))
    cases += [
        Case("6.6.4", "我是服务端 cut after its first byte", [text(woshi[:1], fin=False), cont(woshi[1:])],
             [T(woshi)]),
        Case("6.6.5", "emoji cut 1|3", [text(emoji[:1], fin=False), cont(emoji[1:])], [T(emoji)]),
        Case("6.6.6", "emoji cut 2|2", [text(emoji[:2], fin=False), cont(emoji[2:])], [T(emoji)]),
        Case("6.6.7", "emoji cut 3|1", [text(emoji[:3], fin=False), cont(emoji[3:])], [T(emoji)]),
        Case("6.6.8", "BOM cut 1|2 at the start of the message", [text(bom_bytes[:1], fin=False),
                                                                  cont(bom_bytes[1:])], [T(bom_bytes)]),
        Case("6.6.9", "我 cut 1|1|1 over 3 fragments",
             [text(woshi[:1], fin=False), cont(woshi[1:2], fin=False), cont(woshi[2:])], [T(woshi)]),
    ]
    invalid = [
        (b"\xc0\x80", "overlong NUL in 2 bytes (C0 80)"),
        (b"\xe0\x80\x80", "overlong NUL in 3 bytes (E0 80 80)"),
        (b"\xf0\x80\x80\x80", "overlong NUL in 4 bytes (F0 80 80 80)"),
        (b"a\xc0\xafb", "overlong '/' (C0 AF)"),
        (b"\xe0\x9f\xbf", "overlong U+07FF in 3 bytes (E0 9F BF)"),
        (b"\xed\xa0\x80", "surrogate U+D800 (ED A0 80)"),
        (b"\xed\xbf\xbf", "surrogate U+DFFF (ED BF BF)"),
        (b"\xed\xa0\x80\xed\xb0\x80", "a surrogate pair encoded as two characters"),
        (b"\xf4\x90\x80\x80", "above U+10FFFF (F4 90 80 80)"),
        (b"\xf5\x80\x80\x80", "start byte F5"),
        (b"ab\xfecd", "byte 0xFE"),
        (b"ab\xffcd", "byte 0xFF"),
        (b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce", "a 2-byte sequence cut at the end of the message"),
        (b"smile \xf0\x9f\x98", "a 4-byte sequence cut at the end of the message"),
        (b"\x80", "a continuation byte alone"),
        (b"ab\xbfcd", "a continuation byte between ASCII characters"),
        (b"a\xe6bc", "a start byte followed by ASCII"),
        (b"\xf8\x88\x80\x80\x80", "a 5-byte sequence (F8 88 80 80 80)"),
    ]
    for n, (payload, what) in enumerate(invalid, 1):
        cases.append(Case(f"6.7.{n}", f"invalid UTF-8: {what}", [text(payload)], close=codes(1007)))
    n = len(invalid)
    cases += [
        Case(f"6.7.{n + 1}", "invalid UTF-8: the last fragment ends in a cut 3-byte sequence",
             [text("valid ", fin=False), cont("我", fin=False), cont(b"end \xe6\x88")], close=codes(1007)),
        Case(f"6.7.{n + 2}", "invalid UTF-8: a fragment ends mid-character and the final fragment is empty",
             [text(b"abc\xe6\x88", fin=False), cont(b"")], close=codes(1007)),
        Case(f"6.7.{n + 3}", "binary messages are not UTF-8: FF FE ED A0 80 echoed",
             [binary(b"\xff\xfe\xed\xa0\x80")], [B(b"\xff\xfe\xed\xa0\x80")]),
    ]
    boundaries = [0x0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x10FFFF]
    for n, cp in enumerate(boundaries, 1):
        payload = chr(cp).encode("utf-8")
        cases.append(Case(f"6.8.{n}", f"valid boundary code point U+{cp:04X} ({payload.hex(' ').upper()})",
                          [text(payload)], [T(payload)]))
    return cases


def section7():
    hello = "Hello World!"
    cases = [
        Case("7.1.1", "text, then close 1000", [text(hello), close(1000)], [T(hello)], close=codes(1000)),
        Case("7.1.2", "close twice", [close(1000), close(1000)], close=codes(1000)),
        Case("7.1.3", "close, then ping (no pong)", [close(1000), ping(hello)], close=codes(1000)),
        Case("7.1.4", "close, then text (not echoed)", [close(1000), text(hello)], close=codes(1000)),
        Case("7.1.5", "first fragment of a text, close, then the last fragment",
             [text("fragment1", fin=False), close(1000), cont("fragment2")], close=codes(1000)),
        Case("7.1.6", "256 KiB text, close, then ping", [text(b"BAsd7&jh23" * 26214), close(1000), ping(hello)],
             [T(b"BAsd7&jh23" * 26214)], close=codes(1000)),
        Case("7.3.1", "close with an empty payload", [close()], close=codes(EMPTY_CLOSE, 1000)),
        Case("7.3.2", "close with a 1-byte payload", [Frame(CLOSE, b"\x03")], close=codes(1002)),
        Case("7.3.3", "close 1000 without a reason", [close(1000)], close=codes(1000)),
        Case("7.3.4", "close 1000 with a reason", [close(1000, "Hello World!")], close=codes(1000)),
        Case("7.3.5", "close 1000 with a 123-byte reason (125-byte payload)", [close(1000, b"*" * 123)],
             close=codes(1000)),
        Case("7.3.6", "close 1000 with a 124-byte reason (126-byte payload)", [close(1000, b"*" * 124)],
             close=codes(1002)),
        Case("7.5.1", "close with a reason that is not valid UTF-8",
             [close(1000, b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80edited")], close=codes(1007)),
        Case("7.5.2", "close with a UTF-8 reason (κόσμε)", [close(1000, KOSME)], close=codes(1000)),
    ]
    valid = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999]
    for n, code in enumerate(valid, 1):
        nonstrict = [] if code == 1000 else [([], codes(1000), f"answered 1000 instead of echoing {code}")]
        cases.append(Case(f"7.7.{n}", f"close with valid code {code}", [close(code)], close=codes(code),
                          nonstrict=nonstrict))
    invalid = [0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535]
    for n, code in enumerate(invalid, 1):
        cases.append(Case(f"7.9.{n}", f"close with invalid code {code}", [close(code)], close=codes(1002)))
    return cases


def section9():
    def text_of(size):
        return (b"BAsd7&jh23" * (size // 10 + 1))[:size]

    def binary_of(size):
        return (bytes(range(256)) * (size // 256 + 1))[:size]

    kib, mib = 1024, 1024 * 1024
    cases = []
    for sub, (label, make, expected, fill) in enumerate(
            [("text", text, T, text_of), ("binary", binary, B, binary_of)], 1):
        for n, size in enumerate((64 * kib, 256 * kib, mib), 1):
            shown = f"{size // kib} KiB" if size < mib else "1 MiB"
            cases.append(Case(f"9.{sub}.{n}", f"{label} message of {shown}", [make(fill(size))],
                              [expected(fill(size))]))
    for sub, (label, op, expected, fill) in enumerate(
            [("text", TEXT, T, text_of), ("binary", BINARY, B, binary_of)], 3):
        for n, frag in enumerate((64 * kib, 4 * kib), 1):
            cases.append(Case(f"9.{sub}.{n}", f"1 MiB {label} in fragments of {frag // kib} KiB",
                              fragmented(op, fill(mib), frag), [expected(fill(mib))]))

    def numbered(make, count, size):
        return [make((b"%06d" % i) + (text_of(size) if make is text else binary_of(size))[6:]) for i in range(count)]

    def echoes(frames):
        return [(OPCODE_NAMES[f.op], f.payload) for f in frames]

    for label, make in (("text", text), ("binary", binary)):
        sub = 1 if label == "text" else 2
        frames = numbered(make, 64, 64 * kib)
        cases.append(Case(f"9.5.{sub}", f"64 {label} messages of 64 KiB sent back to back (pipelined)",
                          frames, echoes(frames)))
    frames = numbered(text, 2, 64 * kib)
    cases.append(Case("9.6.1", "2 text messages of 64 KiB pipelined", frames, echoes(frames)))
    frames = numbered(binary, 4, 8000)
    cases.append(Case("9.6.2", "4 binary messages of 8000 bytes pipelined", frames, echoes(frames)))
    frames = [text(f"message {i}") for i in range(1000)]
    cases.append(Case("9.7.1", "1000 small text messages pipelined", frames, echoes(frames)))
    frames = [binary(i.to_bytes(2, "big") * 8) for i in range(1000)]
    cases.append(Case("9.7.2", "1000 small binary messages pipelined", frames, echoes(frames)))
    # The ping arrives on its own once the server has read the message: a server that stops reading after a
    # burst must still come back for what is left (a TLS stack may already hold it, with the socket drained).
    frames, expect = [], []
    for i in range(8):
        frames += fragmented(BINARY, binary_of(mib), 64 * kib) + [BREAK, ping(f"round {i}"), BREAK]
        expect += [B(binary_of(mib)), P(f"round {i}")]
    cases.append(Case("9.7.3", "1 MiB binary in 64 KiB fragments, then a ping in a write of its own, 8 times",
                      frames, expect))
    cases += [
        Case("9.8.1", "a text frame in the same write as the handshake request", [text("early bird")],
             [T("early bird")], with_handshake=True),
        Case("9.8.2", "3 messages and a ping in the same write as the handshake request",
             [text("one"), binary(b"\x00two"), ping("three?"), text("four")],
             [T("one"), B(b"\x00two"), P("three?"), T("four")], with_handshake=True),
    ]
    return cases


def section10():
    hello = "Hello"
    return [
        Case("10.1.1", "unmasked text (RFC 6455 5.1)", [text(hello, masked=False)], close=codes(1002)),
        Case("10.1.2", "text, then an unmasked text", [text(hello), text(hello, masked=False)], [T(hello)],
             close=codes(1002)),
        Case("10.1.3", "unmasked ping", [ping(hello, masked=False)], close=codes(1002)),
        Case("10.1.4", "unmasked close", [close(1000, masked=False)], close=codes(1002)),
        Case("10.1.5", "unmasked continuation inside a fragmented text",
             [text("frag1", fin=False), cont("frag2", masked=False)], close=codes(1002)),
        Case("10.1.6", "masked with an all-zero key (still masked: valid)",
             [text(hello, mask_key=b"\0\0\0\0")], [T(hello)]),
        Case("10.1.7", "unmasked empty binary", [binary(b"", masked=False)], close=codes(1002)),
    ]


def json_text(size, seed):
    """Chat-like JSON, repetitive as real traffic is, cut to exactly `size` bytes of valid UTF-8."""
    out, i = [], 0
    while sum(len(s) for s in out) < size:
        out.append(json.dumps({"type": "message", "id": seed * 100000 + i, "from": "alice", "room": "lobby",
                               "text": f"hello {i} 你好 κόσμε", "time": "2026-12-04T10:00:00Z"},
                              ensure_ascii=False).encode() + b",")
        i += 1
    data = b"".join(out)[:size].decode("utf-8", "ignore").encode()
    return data + b" " * (size - len(data))


def deflate_messages(count, seed=0):
    """Messages for the negotiation cases: JSON, and binary that repeats itself farther back than 512 bytes, so
    a server ignoring a small server_max_window_bits is caught by the client's inflater."""
    frames = []
    for i in range(count):
        if i % 2 == 0:
            frames.append(text(json_text((200, 1000, 3000, 600, 8000)[i // 2 % 5], seed + i), compress=True))
        else:
            block = os.urandom(700)
            frames.append(binary(block * 3 + block[:100], compress=True))
    return frames


def section12():
    sizes = [16, 64, 256, 1024, 4096, 16384, 65536, 262144]
    counts = [50, 50, 50, 50, 50, 20, 10, 10]
    cases = []

    def label(size):
        return f"{size} B" if size < 1024 else f"{size // 1024} KiB"

    for n, (size, count) in enumerate(zip(sizes, counts), 1):
        frames = [text(json_text(size, i), compress=True) for i in range(count)]
        cases.append(Case(f"12.1.{n}", f"{count} compressed JSON text messages of {label(size)}", frames,
                          [T(f.payload) for f in frames], needs="deflate"))
    for n, (size, count) in enumerate(zip(sizes, counts), 1):
        frames = [binary(os.urandom(size), compress=True) for _ in range(count)]
        cases.append(Case(f"12.2.{n}", f"{count} compressed random binary messages of {label(size)}", frames,
                          [B(f.payload) for f in frames], needs="deflate"))
    big = [text(json_text(65536, i), compress=True, fragment_size=1024) for i in range(4)]
    two = [text(json_text(4096, i), compress=True, fragment_size=200) for i in range(10)]
    rand = [binary(os.urandom(16384), compress=True, fragment_size=4200) for _ in range(4)]
    msg = json_text(3000, 7)
    cases += [
        Case("12.3.1", "10 compressed 4 KiB texts, each in frames of 200 compressed bytes", two,
             [T(f.payload) for f in two], needs="deflate"),
        Case("12.3.2", "4 compressed 64 KiB texts, each in frames of 1 KiB", big, [T(f.payload) for f in big],
             needs="deflate"),
        Case("12.3.3", "4 compressed 16 KiB random binaries, each in 4 frames", rand,
             [B(f.payload) for f in rand], needs="deflate"),
        Case("12.3.4", "compressed text in fragments with a ping between them",
             [text(msg, compress=True, fragment_size=80, ping_between=b"between")], [P("between"), T(msg)],
             needs="deflate"),
    ]
    mixed = [text(json_text(500 + 37 * i, i), compress=(i % 2 == 0)) for i in range(20)]
    kib = json_text(1024, 3)
    cases += [
        Case("12.4.1", "compressed and uncompressed texts alternating (20)", mixed, [T(f.payload) for f in mixed],
             needs="deflate"),
        Case("12.4.2", "an empty compressed text, then a compressed text",
             [text(b"", compress=True), text("after empty", compress=True)], [T(b""), T("after empty")],
             needs="deflate"),
        Case("12.4.3", "a compressed 1 KiB text sent byte by byte", [text(kib, compress=True)], [T(kib)],
             chop=1, pause=0.0002, needs="deflate"),
    ]
    return cases


def section13():
    offers = [
        ("13.1.1", "permessage-deflate"),
        ("13.1.2", "permessage-deflate; client_max_window_bits"),
        ("13.2.1", "permessage-deflate; client_no_context_takeover"),
        ("13.2.2", "permessage-deflate; server_no_context_takeover"),
        ("13.2.3", "permessage-deflate; client_no_context_takeover; server_no_context_takeover; "
                   "client_max_window_bits"),
        ("13.3.1", "permessage-deflate; client_max_window_bits=9"),
        ("13.3.2", "permessage-deflate; client_max_window_bits=12"),
        ("13.3.3", "permessage-deflate; client_max_window_bits=15"),
        ("13.4.1", "permessage-deflate; server_max_window_bits=9"),
        ("13.4.2", "permessage-deflate; server_max_window_bits=12"),
        ("13.4.3", "permessage-deflate; server_max_window_bits=15"),
        ("13.5.1", "permessage-deflate; server_max_window_bits=9; client_max_window_bits=9"),
        ("13.5.2", "permessage-deflate; server_no_context_takeover; server_max_window_bits=12; "
                   "client_max_window_bits"),
        ("13.5.3", "permessage-deflate; client_no_context_takeover; client_max_window_bits=12; "
                   "server_max_window_bits=15"),
        ("13.5.4", "permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                   "server_max_window_bits=10; client_max_window_bits=10"),
        ("13.6.1", "permessage-deflate; server_max_window_bits=8, permessage-deflate; client_max_window_bits"),
        ("13.6.2", "permessage-deflate; unknown_parameter, permessage-deflate"),
        ("13.6.3", "x-webkit-deflate-frame, permessage-deflate; client_max_window_bits"),
        ("13.6.4", "permessage-deflate; server_max_window_bits=7, permessage-deflate"),
    ]
    cases = []
    for n, (case_id, offer) in enumerate(offers):
        frames = deflate_messages(20, seed=n)
        shown = offer.replace("permessage-deflate", "pmd")
        cases.append(Case(case_id, f"offer {shown}; 20 messages", frames,
                          [(OPCODE_NAMES[f.op], f.payload) for f in frames], offer=offer, needs="deflate"))
    zeros = b"\0" * (MAX_MESSAGE_SIZE + 64 * 1024)
    noise = os.urandom(2000)  # does not shrink, so it surely makes several frames
    cases += [
        Case("13.7.1", "RSV1 on a frame that is not deflate data", [text(b"\xff\xff\xff\xff\xff", rsv=RSV1)],
             close=codes(1007), needs="deflate"),
        Case("13.7.2", "a compressed message that inflates past --max-message-size (4 MiB of zeros)",
             [binary(zeros, compress=True)], close=codes(1009), needs="deflate"),
        Case("13.7.3", "a compressed text that inflates to invalid UTF-8",
             [text(b"valid, then \xed\xa0\x80 a surrogate", compress=True)], close=codes(1007), needs="deflate"),
        Case("13.7.4", "RSV1 on the continuation frame of a compressed message",
             [binary(noise, compress=True, fragment_size=400, continuation_rsv=RSV1)], close=codes(1002),
             needs="deflate"),
    ]
    return cases


def all_cases():
    cases = (section1() + section2() + section3() + section4() + section5() + section6() + section7()
             + section9() + section10() + section12() + section13())
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    return cases


# ---------------------------------------------------------------------------------------------------------------
# permessage-deflate (RFC 7692)


def parse_extensions(header):
    """'a; x=1, b' -> [('a', [('x', '1')]), ('b', [])]; values lose their quotes."""
    result = []
    for item in header.split(","):
        parts = [p.strip() for p in item.split(";")]
        if not parts[0]:
            continue
        params = []
        for p in parts[1:]:
            name, eq, value = p.partition("=")
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            params.append((name.strip().lower(), value if eq else None))
        result.append((parts[0].lower(), params))
    return result


PMD_PARAMS = ("server_no_context_takeover", "client_no_context_takeover", "server_max_window_bits",
              "client_max_window_bits")


def _bits(value):
    return int(value) if value is not None and re.fullmatch(r"[1-9][0-9]?", value) and \
        8 <= int(value) <= 15 else None


def _offer_params(params):
    """The offer as a dict, or None if a server must decline it (RFC 7692 5: unknown, repeated or bad)."""
    seen = {}
    for name, value in params:
        if name not in PMD_PARAMS or name in seen:
            return None
        if name.endswith("no_context_takeover") and value is not None:
            return None
        if name == "server_max_window_bits" and _bits(value) is None:
            return None
        if name == "client_max_window_bits" and value is not None and _bits(value) is None:
            return None
        seen[name] = value
    return seen


def check_answer(offer_header, answer_header):
    """(agreed parameters, None) or (None, why the answer is not a valid acceptance of any offer)."""
    answers = parse_extensions(answer_header)
    if len(answers) != 1 or answers[0][0] != "permessage-deflate":
        return None, f"answered with extensions {answer_header!r}"
    answer = {}
    for name, value in answers[0][1]:
        if name not in PMD_PARAMS:
            return None, f"unknown parameter {name} in the answer {answer_header!r}"
        if name in answer:
            return None, f"parameter {name} twice in the answer {answer_header!r}"
        if name.endswith("no_context_takeover") and value is not None:
            return None, f"{name} with a value in the answer {answer_header!r}"
        if name.endswith("max_window_bits") and _bits(value) is None:
            return None, f"{name}={value} is not 8..15 in the answer {answer_header!r}"
        answer[name] = value
    reasons = []
    for ext_name, params in parse_extensions(offer_header):
        offer = _offer_params(params) if ext_name == "permessage-deflate" else None
        if offer is None:
            continue  # the server had to decline this one
        why = None
        if "server_no_context_takeover" in offer and "server_no_context_takeover" not in answer:
            why = "server_no_context_takeover was offered but not in the answer"
        elif "server_max_window_bits" in offer and "server_max_window_bits" not in answer:
            why = "server_max_window_bits was offered but not in the answer"
        elif "server_max_window_bits" in offer and int(answer["server_max_window_bits"]) > int(
                offer["server_max_window_bits"]):
            why = "server_max_window_bits in the answer is larger than offered"
        elif "client_max_window_bits" in answer and "client_max_window_bits" not in offer:
            why = "client_max_window_bits in the answer was not offered"
        elif "client_max_window_bits" in answer and offer.get("client_max_window_bits") and int(
                answer["client_max_window_bits"]) > int(offer["client_max_window_bits"]):
            why = "client_max_window_bits in the answer is larger than offered"
        if why is None:
            client_bits = min(int(answer.get("client_max_window_bits") or 15),
                              int(offer.get("client_max_window_bits") or 15))
            return {
                "server_no_context_takeover": "server_no_context_takeover" in answer,
                # The client announced it, so it keeps to it even if the answer leaves it out.
                "client_no_context_takeover": "client_no_context_takeover" in answer
                or "client_no_context_takeover" in offer,
                "server_bits": int(answer.get("server_max_window_bits") or 15),
                "client_bits": client_bits,
            }, None
        reasons.append(why)
    return None, f"{answer_header!r} accepts no offer: " + ("; ".join(reasons) or "every offer had to be declined")


class Deflate:
    def __init__(self, agreed):
        self.agreed = agreed
        self.compressor = None
        self.inflater = None

    def _new_compressor(self):
        bits = self.agreed["client_bits"]
        # zlib cannot make a raw deflate stream with a 256-byte window; without string matches any window is fine.
        if bits == 8:
            return zlib.compressobj(6, zlib.DEFLATED, -9, 8, zlib.Z_HUFFMAN_ONLY)
        return zlib.compressobj(6, zlib.DEFLATED, -bits)

    def compress(self, data):
        if self.compressor is None or self.agreed["client_no_context_takeover"]:
            self.compressor = self._new_compressor()
        out = self.compressor.compress(data) + self.compressor.flush(zlib.Z_SYNC_FLUSH)
        return out[:-4] if out.endswith(SYNC_TAIL) else out

    def decompress(self, data):
        if self.inflater is None or self.agreed["server_no_context_takeover"]:
            # The agreed window, not 15: a server using a bigger window than it promised fails here.
            self.inflater = zlib.decompressobj(-self.agreed["server_bits"])
        return self.inflater.decompress(data + SYNC_TAIL)


# ---------------------------------------------------------------------------------------------------------------
# The client


class Timeout(Exception):
    pass


class ProtocolError(Exception):
    """The server broke the protocol in what it sent."""


def mask(data, key):
    if not data:
        return b""
    n = len(data)
    keystream = (key * (n // 4 + 1))[:n]
    return (int.from_bytes(data, "little") ^ int.from_bytes(keystream, "little")).to_bytes(n, "little")


def encode_frame(op, payload, fin=True, rsv=0, masked=True, mask_key=None, length_bytes=None,
                 length_override=None):
    length = len(payload) if length_override is None else length_override
    head = bytes([(0x80 if fin else 0) | (rsv << 4) | op])
    mbit = 0x80 if masked else 0
    form = length_bytes or (0 if length < 126 else 2 if length < 65536 else 8)
    if form == 0:
        head += bytes([mbit | length])
    elif form == 2:
        head += bytes([mbit | 126]) + length.to_bytes(2, "big")
    else:
        head += bytes([mbit | 127]) + length.to_bytes(8, "big")
    if not masked:
        return head + payload
    key = mask_key if mask_key is not None else os.urandom(4)
    return head + key + mask(payload, key)


def close_name(code):
    return "without a code" if code is None else str(code)


def codes_name(close_codes):
    return "/".join(sorted("none" if c is None else str(c) for c in close_codes))


def describe(event):
    kind = event[0]
    if kind == "close":
        return "close " + close_name(event[1])
    if kind in ("text", "binary", "pong", "ping"):
        payload = event[1]
        shown = payload[:24]
        more = "…" if len(payload) > 24 else ""
        return f"{kind} {len(payload)} B {shown!r}{more}" if payload else f"{kind} 0 B"
    return {"eof": "TCP closed", "reset": "connection reset"}.get(kind, kind)


class Connection:
    def __init__(self, port, tls, deadline):
        self.deadline = deadline
        self.port = port
        raw = socket.create_connection(("127.0.0.1", port), timeout=self._remaining())
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if tls:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            if tls in TLS_VERSIONS:
                ctx.minimum_version = ctx.maximum_version = TLS_VERSIONS[tls]
            raw.settimeout(self._remaining())
            raw = ctx.wrap_socket(raw, server_hostname="localhost")
        raw.setblocking(False)
        self.sock = raw
        self.tls = tls
        self.rx = bytearray()
        self.eof = None  # "eof" or "reset" once the server's side is gone
        self.send_error = None
        self.deflate = None
        self.message = None  # (kind, [payload pieces], compressed) of a fragmented message from the server

    def _remaining(self):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise Timeout()
        return left

    # -- bytes

    def _read_available(self):
        """Moves what the socket has into rx without blocking."""
        while self.eof is None:
            try:
                data = self.sock.recv(262144)
            except (BlockingIOError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
                return
            except (ConnectionResetError, ssl.SSLError, OSError):
                self.eof = "reset"
                return
            if not data:
                self.eof = "eof"
                return
            self.rx += data
            if not self.tls:
                return

    def _wait_readable(self):
        if self.tls and self.sock.pending():
            return
        ready, _, _ = select.select([self.sock], [], [], self._remaining())
        if not ready:
            raise Timeout()

    def _need(self, n):
        """Waits until rx holds n bytes; False if the server closed first."""
        while len(self.rx) < n:
            if self.eof:
                return False
            self._wait_readable()
            self._read_available()
        return True

    def send(self, data):
        """Sends everything, reading meanwhile so that a server echoing a long pipeline never waits on us.
        A send the server refuses (it closed) is not an error here: what it said before is still in rx."""
        view = memoryview(data)
        while view and self.send_error is None:
            want_read = [self.sock] if self.eof is None else []
            readable, writable, _ = select.select(want_read, [self.sock], [], self._remaining())
            if readable:
                self._read_available()
            if writable:
                try:
                    sent = self.sock.send(view[:65536])
                    view = view[sent:]
                except (BlockingIOError, ssl.SSLWantWriteError, ssl.SSLWantReadError):
                    pass
                except (OSError, ssl.SSLError) as e:
                    self.send_error = str(e)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    # -- handshake

    def handshake(self, offer, early=b""):
        """The opening handshake; `early` goes in the same write as the request. Returns None or why it failed."""
        key = base64.b64encode(os.urandom(16)).decode()
        lines = ["GET /conformance HTTP/1.1", f"Host: 127.0.0.1:{self.port}", "Upgrade: websocket",
                 "Connection: Upgrade", f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13"]
        if offer:
            lines.append(f"Sec-WebSocket-Extensions: {offer}")
        self.send(("\r\n".join(lines) + "\r\n\r\n").encode() + early)
        while b"\r\n\r\n" not in self.rx:
            if len(self.rx) > 65536:
                return "handshake answer has no end"
            if not self._need(len(self.rx) + 1):
                return "connection closed during the handshake"
        head, _, rest = bytes(self.rx).partition(b"\r\n\r\n")
        self.rx = bytearray(rest)
        status, *header_lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            headers[name] = (headers[name] + ", " if name in headers else "") + value.strip()
        if status.split(" ")[1:2] != ["101"]:
            return f"handshake answered with {status!r}"
        if headers.get("upgrade", "").lower() != "websocket":
            return f"Upgrade header is {headers.get('upgrade')!r}"
        if "upgrade" not in [t.strip().lower() for t in headers.get("connection", "").split(",")]:
            return f"Connection header is {headers.get('connection')!r}"
        accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        if headers.get("sec-websocket-accept") != accept:
            return f"Sec-WebSocket-Accept is {headers.get('sec-websocket-accept')!r}, expected {accept!r}"
        if "sec-websocket-protocol" in headers:
            return "a subprotocol was chosen although none was offered"
        answer = headers.get("sec-websocket-extensions")
        if answer is not None:
            if not offer:
                return f"extension {answer!r} agreed although none was offered"
            agreed, why = check_answer(offer, answer)
            if agreed is None:
                return why
            self.deflate = Deflate(agreed)
        return None

    # -- frames

    def encode(self, frame):
        if frame is BREAK:
            return b""
        payload, rsv = frame.payload, frame.rsv
        if frame.compress:
            if self.deflate is None:
                raise ProtocolError("permessage-deflate was not agreed")
            payload, rsv = self.deflate.compress(payload), rsv | RSV1
        if not frame.fragment_size:
            return encode_frame(frame.op, payload, frame.fin, rsv, frame.masked, frame.mask_key,
                                frame.length_bytes, frame.length_override)
        size = frame.fragment_size
        pieces = [payload[i:i + size] for i in range(0, len(payload), size)] or [b""]
        frames = [encode_frame(frame.op if i == 0 else CONT, p, i == len(pieces) - 1,
                               rsv if i == 0 else frame.continuation_rsv) for i, p in enumerate(pieces)]
        assert len(pieces) > 1 or not (frame.ping_between or frame.continuation_rsv), "one frame: nothing between"
        if frame.ping_between is not None:
            frames.insert(1, encode_frame(PING, frame.ping_between))
        return b"".join(frames)

    def read_frame(self):
        """(fin, rsv, opcode, payload), or None once the server has closed."""
        if not self._need(2):
            return None
        b0, b1 = self.rx[0], self.rx[1]
        length, pos = b1 & 0x7F, 2
        if length >= 126:
            extra = 2 if length == 126 else 8
            if not self._need(2 + extra):
                return None
            length = int.from_bytes(self.rx[2:2 + extra], "big")
            pos += extra
        if b1 & 0x80:
            raise ProtocolError("the server sent a masked frame")
        if not self._need(pos + length):
            return None
        payload = bytes(self.rx[pos:pos + length])
        del self.rx[:pos + length]
        return bool(b0 & 0x80), (b0 >> 4) & 7, b0 & 0x0F, payload

    def next_event(self):
        """The next message or control frame from the server, as (kind, payload...), checked against RFC 6455."""
        while True:
            frame = self.read_frame()
            if frame is None:
                return (self.eof,)
            fin, rsv, op, payload = frame
            if op >= 8:
                if rsv:
                    raise ProtocolError(f"the server set RSV bits {rsv} on a {OPCODE_NAMES.get(op, op)} frame")
                if not fin or len(payload) > 125:
                    raise ProtocolError("the server sent a fragmented or oversized control frame")
                if op == CLOSE:
                    if len(payload) == 1:
                        raise ProtocolError("the server sent a close frame with a 1-byte payload")
                    code = int.from_bytes(payload[:2], "big") if payload else None
                    return ("close", code, payload[2:])
                if op in (PING, PONG):
                    return ("ping" if op == PING else "pong", payload)
                raise ProtocolError(f"the server sent reserved opcode {op}")
            if op not in (CONT, TEXT, BINARY):
                raise ProtocolError(f"the server sent reserved opcode {op}")
            compressed = bool(rsv & RSV1)
            if rsv & (RSV2 | RSV3) or (compressed and (self.deflate is None or op == CONT)):
                raise ProtocolError(f"the server set RSV bits {rsv} on a {OPCODE_NAMES[op]} frame")
            if op == CONT:
                if self.message is None:
                    raise ProtocolError("the server sent a continuation with nothing to continue")
                self.message[1].append(payload)
            else:
                if self.message is not None:
                    raise ProtocolError("the server started a message inside a fragmented one")
                self.message = (OPCODE_NAMES[op], [payload], compressed)
            if not fin:
                continue
            kind, pieces, compressed = self.message
            self.message = None
            data = b"".join(pieces)
            if compressed:
                try:
                    data = self.deflate.decompress(data)
                except zlib.error as e:
                    raise ProtocolError(f"the server's compressed message does not inflate: {e}")
            return (kind, data)


# ---------------------------------------------------------------------------------------------------------------
# Running a case


@dataclass
class Outcome:
    events: list  # echoes and pongs before the end
    end: tuple  # ("open",) | ("close", code, after) | ("eof",) | ("reset",) | ("timeout",) | ("error", text)


def send_case(conn, case, final):
    """Sends the case's frames, `final` (the closing ping) in the same write as the last of them: a server that
    closes must already have it, so whether it answers it does not depend on how fast the client was."""
    groups = [[]]
    for frame in case.send:
        if frame is BREAK:
            groups.append([])
        else:
            groups[-1].append(conn.encode(frame))
    if case.framewise:
        writes = [piece for group in groups for piece in group]
    elif case.chop:
        data = b"".join(piece for group in groups for piece in group)
        writes = [data[i:i + case.chop] for i in range(0, len(data), case.chop)]
    else:
        writes = [b"".join(group) for group in groups]
    writes = writes or [b""]
    for piece in writes[:-1]:
        conn.send(piece)
        time.sleep(case.pause)
    conn.send(writes[-1] + final)


def collect(conn, sent_close):
    events = []
    try:
        while True:
            event = conn.next_event()
            kind = event[0]
            if kind == "ping":
                conn.send(encode_frame(PONG, event[1]))
            elif kind == "pong" and event[1] == FINAL_PING:
                return Outcome(events, ("open",))
            elif kind == "close":
                if not sent_close:
                    conn.send(encode_frame(CLOSE, b"" if event[1] is None else event[1].to_bytes(2, "big")))
                return Outcome(events, ("close", event[1], after_close(conn)))
            elif kind in ("eof", "reset"):
                return Outcome(events, (kind,))
            else:
                events.append(event)
    except Timeout:
        return Outcome(events, ("timeout",))
    except ProtocolError as e:
        return Outcome(events, ("error", str(e)))


def after_close(conn):
    """None if the server closes the TCP connection after its close frame, else what happened instead."""
    try:
        frame = conn.read_frame()
    except Timeout:
        return "the server did not close the TCP connection after its close frame"
    except ProtocolError as e:
        return str(e)
    if frame is not None:
        return f"a {OPCODE_NAMES.get(frame[2], frame[2])} frame came after the close frame"
    return None


def mismatch(expect, close_codes, outcome):
    """None if the outcome is the expected one, else a one-line reason."""
    events, end = outcome.events, outcome.end
    for i, (want, got) in enumerate(zip(expect, events)):
        if want != got:
            detail = ""
            if want[0] == got[0] and len(want[1]) == len(got[1]):
                first = next(j for j, (a, b) in enumerate(zip(want[1], got[1])) if a != b)
                detail = f" (differs from byte {first})"
            return f"frame {i + 1}: expected {describe(want)}, got {describe(got)}{detail}"
    if len(events) > len(expect):
        return f"unexpected {describe(events[len(expect)])} after {len(expect)} expected frame(s)"
    wanted = (describe(expect[len(events)]) if len(events) < len(expect)
              else "the pong to the final ping" if close_codes is None
              else "close " + codes_name(close_codes))
    kind = end[0]
    if kind == "timeout":
        return f"timed out waiting for {wanted}"
    if kind == "error":
        return f"{end[1]} (waiting for {wanted})"
    if kind in ("eof", "reset"):
        return f"{describe(end)} without a close frame, waiting for {wanted}"
    if len(events) < len(expect):
        got = "the pong to the final ping" if kind == "open" else describe(("close", end[1]))
        return f"expected {wanted}, got {got}"
    if kind == "open":
        return None if close_codes is None else f"stayed open (answered the final ping), expected {wanted}"
    if close_codes is None:
        return f"closed with {close_name(end[1])}, expected the connection to stay open"
    if end[1] not in close_codes:
        return f"closed with {close_name(end[1])}, expected {wanted}"
    return end[2]  # None, or what went wrong after the close frame


def run_case(case, port, tls, compression):
    deadline = time.monotonic() + case.timeout
    try:
        conn = Connection(port, tls, deadline)
    except (Timeout, OSError) as e:
        return "FAIL", f"could not connect: {e or 'timed out'}"
    try:
        offer = case.offer or (DEFAULT_OFFER if compression else None)
        final = encode_frame(PING, FINAL_PING)
        early = b"".join(conn.encode(f) for f in case.send) + final if case.with_handshake else b""
        why = conn.handshake(offer, early)
        if why:
            return "FAIL", why
        if case.needs == "deflate" and conn.deflate is None:
            return "FAIL", f"the server declined the offer {offer!r}"
        if not case.with_handshake:
            send_case(conn, case, final)
        outcome = collect(conn, sent_close=any(f.op == CLOSE for f in case.send))
    except Timeout:
        return "FAIL", "timed out during the handshake or while sending"
    except ProtocolError as e:
        return "FAIL", str(e)
    finally:
        if conn.eof is None:
            try:
                conn.sock.send(encode_frame(CLOSE, (1000).to_bytes(2, "big")))
            except (OSError, ssl.SSLError):
                pass
        conn.close()
    why = mismatch(case.expect, case.close, outcome)
    if why is None:
        return "PASS", ""
    for expect, close_codes, note in case.nonstrict:
        if mismatch(expect, close_codes, outcome) is None:
            return "NON-STRICT", note
    return "FAIL", why


# ---------------------------------------------------------------------------------------------------------------
# The server


class Server:
    def __init__(self, binary, engine, tls_files):
        self.args = [binary, "--port", "0", "--mode", "raw", "--quiet", "--no-history", "--max-message-size",
                     str(MAX_MESSAGE_SIZE), "--engine", engine]
        if tls_files:
            self.args += ["--cert", tls_files[0], "--key", tls_files[1]]
        self.log = tempfile.TemporaryFile()
        self.proc = None
        self.port = None

    def start(self):
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=self.log, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        output = b""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if not ready:
                continue
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            if not chunk:
                break
            output += chunk
            match = re.search(rb"listening on https?://[^/\s]*:(\d+)/", output)
            if match:
                self.port = int(match.group(1))
                return
        self.stop()
        raise RuntimeError(f"duplex-server did not start ({' '.join(self.args)}): {output!r} {self.stderr_tail()}")

    def alive(self):
        return self.proc.poll() is None

    def stderr_tail(self):
        self.log.seek(0)
        return self.log.read()[-2000:].decode("utf-8", "replace")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.proc.stdout.close()


def make_certificate(folder):
    cert, key = os.path.join(folder, "c.pem"), os.path.join(folder, "k.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=localhost"], check=True, capture_output=True)
    return cert, key


# ---------------------------------------------------------------------------------------------------------------


def is_flaky(why):
    return why.startswith("flaky:")


def main():
    parser = argparse.ArgumentParser(description="WebSocket conformance suite for duplex-server (Autobahn-style).")
    parser.add_argument("--server", default=DEFAULT_SERVER, help="the duplex-server binary")
    parser.add_argument("--engine", choices=("native", "qt"), default="native")
    parser.add_argument("--tls", action="store_true", help="wss:// with a self-signed certificate")
    parser.add_argument("--tls-version", choices=sorted(TLS_VERSIONS),
                        help="with --tls: only this TLS version (default: the newest both sides have)")
    parser.add_argument("--compression", action="store_true",
                        help="offer permessage-deflate and run the 12.x and 13.x cases")
    parser.add_argument("--expected-failures", metavar="FILE", help='JSON {"case id": "why"}: these must FAIL')
    parser.add_argument("--json", metavar="OUT", help="write every result here")
    parser.add_argument("--cases", metavar="PREFIX", nargs="*", help="run only the cases whose id starts so")
    parser.add_argument("--timing", action="store_true", help="show how long each case took")
    parser.add_argument("--retries", type=int, default=0, metavar="N",
                        help="run a case that fails unexpectedly up to N more times; a later pass is shown as "
                             "'(passed on retry N)' (for the Qt engine over TLS, whose answers depend on timing; "
                             "never for the native engine)")
    args = parser.parse_args()

    expected_failures = {}
    if args.expected_failures:
        with open(args.expected_failures, encoding="utf-8") as f:
            expected_failures = json.load(f)
    tls = args.tls and (args.tls_version or True)
    config = "-".join([args.engine, "wss" if args.tls else "ws"]
                      + ([f"tls{args.tls_version}"] if args.tls and args.tls_version else [])
                      + (["deflate"] if args.compression else [])
                      + (["sync"] if os.environ.get("DUPLEX_IO_URING") == "0" else []))
    every = all_cases()
    cases = [c for c in every if c.runs_in(args.compression)]
    if args.cases:
        cases = [c for c in cases if any(c.id == p or c.id.startswith(p.rstrip(".") + ".") for p in args.cases)]
    unknown = set(expected_failures) - {c.id for c in every}
    if unknown:
        print(f"unknown case ids in {args.expected_failures}: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="duplex-conformance-") as folder:
        server = Server(args.server, args.engine, make_certificate(folder) if args.tls else None)
        server.start()
        print(f"# {config}: {' '.join(server.args)} (port {server.port})", flush=True)
        results = []
        try:
            for case in cases:
                case_started = time.monotonic()
                result, reason = run_case(case, server.port, tls, args.compression)
                retried = 0
                while result == "FAIL" and case.id not in expected_failures and retried < args.retries \
                        and server.alive():
                    retried += 1
                    first_reason = reason
                    result, reason = run_case(case, server.port, tls, args.compression)
                    if result != "FAIL":
                        reason = f"passed on retry {retried}; first: {first_reason}"
                seconds = time.monotonic() - case_started
                if not server.alive():
                    result = "FAIL"
                    reason = f"the server exited with status {server.proc.returncode}; {reason}".rstrip("; ")
                    print(server.stderr_tail(), file=sys.stderr)
                    server.stop()
                    server.start()
                shown = result
                if case.id in expected_failures:
                    if result == "FAIL":
                        shown = "FAIL (expected)"
                    else:
                        shown = f"{result} (flaky)" if is_flaky(expected_failures[case.id]) else "XPASS"
                print(f"{case.id:<8} {shown:<15} {case.desc}" + (f"  [{reason}]" if reason else "")
                      + (f"  ({seconds:.2f} s)" if args.timing else ""), flush=True)
                results.append({"id": case.id, "section": case.section, "section_name": SECTIONS[case.section],
                                "description": case.desc, "expected": case.expectation(), "result": result,
                                "reason": reason, "expected_failure": expected_failures.get(case.id),
                                "seconds": round(seconds, 3)})
        finally:
            server.stop()
    elapsed = time.monotonic() - started

    counts = {k: sum(r["result"] == k for r in results) for k in ("PASS", "NON-STRICT", "FAIL")}
    unexpected_fail = [r["id"] for r in results if r["result"] == "FAIL" and not r["expected_failure"]]
    xpass = [r["id"] for r in results
             if r["result"] != "FAIL" and r["expected_failure"] and not is_flaky(r["expected_failure"])]
    ok = not unexpected_fail and not xpass
    print(f"# {config}: {len(results)} cases, {counts['PASS']} PASS, {counts['NON-STRICT']} NON-STRICT, "
          f"{counts['FAIL']} FAIL ({counts['FAIL'] - len(unexpected_fail)} expected), {len(xpass)} XPASS "
          f"in {elapsed:.1f} s: {'OK' if ok else 'NOT OK'}")
    if unexpected_fail:
        print(f"# unexpected failures: {' '.join(unexpected_fail)}")
    if xpass:
        print(f"# expected to fail but passed (update {args.expected_failures}): {' '.join(xpass)}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"config": config, "engine": args.engine, "tls": args.tls, "compression": args.compression,
                       "seconds": round(elapsed, 1), "results": results}, f, ensure_ascii=False, indent=1)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
