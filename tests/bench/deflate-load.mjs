// Load for tests/bench/deflate.sh: CONNECTIONS clients of node's ws (perMessageDeflate on or off) each send a chat
// message as JSON and wait for its echo, for SECONDS; prints msgs_per_s and the bytes that crossed the wire.
//   node deflate-load.mjs URL CONNECTIONS SECONDS on|off
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const WebSocket = createRequire(path.join(here, '../e2e/package.json'))('ws');
const [url, connections, seconds, compress] = [process.argv[2], +process.argv[3], +process.argv[4], process.argv[5]];

let messages = 0;
let payloadBytes = 0;
let running = true;
const sockets = [];
const names = ['alice', 'bob', '小明', '小红', 'carol'];
const message = (i) => JSON.stringify({
  type: 'message', id: i, name: names[i % names.length], time: new Date(1764800000000 + i * 1000).toISOString(),
  text: `Message ${i}: are we still on for the review at ${10 + (i % 8)}:30? 我们${i % 3 ? '明天' : '今天'}见。`,
  room: 'general', client: { app: 'duplex-bench', version: '1.0.0' },
});
await Promise.all(Array.from({ length: connections }, () => new Promise((resolve, reject) => {
  const ws = new WebSocket(url, { perMessageDeflate: compress === 'on' });
  sockets.push(ws);
  let i = 0;
  ws.on('open', () => { const m = message(i++); payloadBytes += Buffer.byteLength(m); ws.send(m); resolve(); });
  ws.on('message', () => {
    ++messages;
    if (!running) return;
    const m = message(i++);
    payloadBytes += Buffer.byteLength(m);
    ws.send(m);
  });
  ws.on('error', reject);
})));
const negotiated = sockets[0].extensions || 'none';
const start = process.hrtime.bigint();
const startMessages = messages;
const wireAt = () => sockets.reduce((sum, ws) => sum + ws._socket.bytesRead + ws._socket.bytesWritten, 0);
const startWire = wireAt();
const startPayload = payloadBytes;
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
const done = messages - startMessages;
const wire = wireAt() - startWire;
const payload = (payloadBytes - startPayload) * 2; // each message goes out and comes back
running = false;
console.log(`msgs_per_s=${(done / elapsed).toFixed(0)} wire_bytes_per_msg=${(wire / done / 2).toFixed(1)} ` +
  `payload_bytes_per_msg=${(payload / done / 2).toFixed(1)} extensions=${negotiated.replace(/[ ;]+/g, ',') || 'none'}`);
for (const ws of sockets) ws.terminate();
process.exit(0);
