#!/usr/bin/python3
"""An echo server on Python websockets (Debian's python3-websockets) with permessage-deflate, for duplex-client
--compress. Prints "listening PORT", then one line per connection with the extensions it agreed.
   echo_server_python.py [default|strict]
strict: the server asks for no context takeover both ways and small windows (server 10, client 9 bits)."""
import asyncio
import sys

import websockets
from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory


async def echo(ws, path=None):
    print("agreed:", ws.response_headers.get("Sec-WebSocket-Extensions", ""), flush=True)
    async for message in ws:
        await ws.send(message)


async def main(mode):
    if mode == "strict":
        factory = ServerPerMessageDeflateFactory(server_no_context_takeover=True, client_no_context_takeover=True,
                                                 server_max_window_bits=10, client_max_window_bits=9,
                                                 require_client_max_window_bits=True)
        options = {"extensions": [factory], "compression": None}
    else:
        options = {"compression": "deflate"}
    async with websockets.serve(echo, "127.0.0.1", 0, max_size=4 << 20, **options) as server:
        print("listening", server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "default"))
