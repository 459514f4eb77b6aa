#!/usr/bin/python3
"""Python websockets (Debian's python3-websockets) against Duplex with permessage-deflate: negotiation, 1 MB of
JSON both ways, and many small messages on one connection (the client keeps its compression context).
   deflate_python.py ws://127.0.0.1:PORT/"""
import asyncio
import json
import sys

import websockets


async def main(url):
    async with websockets.connect(url, compression="deflate", max_size=4 << 20) as ws:
        extensions = [str(e.name) for e in ws.extensions]
        assert extensions == ["permessage-deflate"], extensions
        params = ws.response_headers.get("Sec-WebSocket-Extensions")
        print("negotiated:", params)
        big = json.dumps([{"id": i, "name": "小明", "text": "我是服务端 hello " * 3} for i in range(6000)])
        assert 900_000 < len(big.encode()) < 1_048_576, len(big.encode())
        await ws.send(big)
        echo = await ws.recv()
        assert echo == big, "1 MB JSON came back different"
        print(f"1 MB JSON echoed ({len(big.encode())} bytes)")
        for i in range(200):
            message = json.dumps({"type": "chat", "seq": i, "text": "hello hello " + str(i)})
            await ws.send(message)
            assert await ws.recv() == message, i
        await ws.send(b"\x00\x01binary" * 1000)
        assert await ws.recv() == b"\x00\x01binary" * 1000
        print("200 small messages and a binary one echoed")


asyncio.run(main(sys.argv[1]))
