// Load for tests/bench/tls.sh: CONNECTIONS clients of node's ws (no compression) against URL (ws:// or wss://, any
// certificate accepted).
//   echo: each client sends a SIZE-byte text message and waits for its echo, for SECONDS; prints msgs_per_s and the
//         server's CPU time per message (from /proc/SERVER_PID/stat, counted only while the clients send).
//   idle: the clients connect and stay silent; prints the server's RSS before and after and
//         the difference per connection (the baseline is taken with one connection open).
//   node tls-load.mjs echo|idle URL CONNECTIONS SECONDS SERVER_PID [SIZE]
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const WebSocket = createRequire(path.join(here, '../e2e/package.json'))('ws');
const [mode, url, connections, seconds, pid] =
  [process.argv[2], process.argv[3], +process.argv[4], +process.argv[5], process.argv[6]];
const size = +(process.argv[7] || 16);
const payload = 'x'.repeat(size);
const ticksPerSecond = 100; // USER_HZ on Linux
const cpuTicks = () => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return +fields[11] + +fields[12]; // utime + stime
};
const rssKiB = () => +readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let messages = 0;
let running = mode === 'echo';
const open = (count) => Promise.all(Array.from({ length: count }, () => new Promise((resolve, reject) => {
  const ws = new WebSocket(url, { perMessageDeflate: false, rejectUnauthorized: false });
  ws.on('open', () => (mode === 'idle' ? resolve(ws) : ws.send(payload)));
  ws.on('message', () => {
    ++messages;
    if (running) ws.send(payload);
    else resolve(ws);
  });
  ws.once('message', () => resolve(ws));
  ws.on('error', reject);
})));

if (mode === 'idle') {
  const first = await open(1); // an array of one
  await sleep(1000);
  const before = rssKiB();
  // In batches, so that the server's handshake queue is not what is measured.
  const sockets = [...first];
  for (let left = connections; left > 0; left -= 200)
    sockets.push(...await open(Math.min(200, left)));
  await sleep(seconds * 1000);
  const after = rssKiB();
  console.log(`connections=${connections} rss_before_kib=${before} rss_after_kib=${after} ` +
    `bytes_per_connection=${Math.round((after - before) * 1024 / connections)}`);
  for (const ws of sockets) ws.terminate();
} else {
  const sockets = await open(connections);
  await sleep(1000); // warm up
  const startTicks = cpuTicks();
  const startMessages = messages;
  const start = process.hrtime.bigint();
  await sleep(seconds * 1000);
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  const done = messages - startMessages;
  const cpu = (cpuTicks() - startTicks) / ticksPerSecond;
  running = false;
  console.log(`msgs_per_s=${(done / elapsed).toFixed(0)} srv_cpu_pct=${(cpu / elapsed * 100).toFixed(1)} ` +
    `srv_us_per_msg=${(cpu * 1e6 / done).toFixed(2)}`);
  for (const ws of sockets) ws.terminate();
}
process.exit(0);
