#!/usr/bin/python3
"""Slowloris against a Duplex server on loopback: N sockets that each send an incomplete request head, one byte
every few seconds, and open again whenever the server drops them. Runs for a bounded time and prints how many were
dropped (the server's handshake timeout at work).

    tests/bench/slowloris.py --port 8090 --sockets 500 --seconds 20
"""
import argparse
import asyncio
import time

HEAD = b"GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Slow: "


async def one(port, deadline, stats):
    while time.monotonic() < deadline:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            stats["refused"] += 1
            await asyncio.sleep(0.5)
            continue
        stats["opened"] += 1
        try:
            writer.write(HEAD)
            await writer.drain()
            while time.monotonic() < deadline:
                # One more byte of a header that never ends; the server's answer (408) or EOF ends this socket.
                try:
                    data = await asyncio.wait_for(reader.read(1024), timeout=3)
                except asyncio.TimeoutError:
                    data = None
                if data is not None:
                    stats["dropped"] += 1
                    if data.startswith(b"HTTP/1.1 408"):
                        stats["408"] += 1
                    break
                writer.write(b"a")
                await writer.drain()
        except (ConnectionError, OSError):
            stats["dropped"] += 1
        finally:
            writer.close()


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--sockets", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    stats = {"opened": 0, "dropped": 0, "408": 0, "refused": 0}
    deadline = time.monotonic() + args.seconds
    await asyncio.gather(*(one(args.port, deadline, stats) for _ in range(args.sockets)))
    print("slowloris sockets=%d seconds=%g opened=%d dropped_by_server=%d answered_408=%d refused=%d"
          % (args.sockets, args.seconds, stats["opened"], stats["dropped"], stats["408"], stats["refused"]))


asyncio.run(main())
