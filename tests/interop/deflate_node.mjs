// node's ws (from the e2e folder's lock file) against Duplex with permessage-deflate: negotiation, 1 MB of JSON
// both ways, many small messages on one connection (ws keeps its compression context), and binary.
//   node deflate_node.mjs ws://127.0.0.1:PORT/
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../e2e/package.json'));
const WebSocket = require('ws');

const url = process.argv[2];
const ws = new WebSocket(url, { perMessageDeflate: true, maxPayload: 4 << 20 });
const messages = [];
let waiting = null;
ws.on('message', (data, isBinary) => {
  messages.push(isBinary ? data : data.toString());
  if (waiting) waiting();
});
const next = () => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('no answer in 10 s')), 10000);
  const take = () => { if (messages.length) { clearTimeout(timer); waiting = null; resolve(messages.shift()); } };
  waiting = take;
  take();
});
const fail = (why) => { console.error('FAIL:', why); process.exit(1); };

await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
if (!ws.extensions.includes('permessage-deflate')) fail(`not negotiated: "${ws.extensions}"`);
console.log('negotiated:', ws.extensions);
const big = JSON.stringify(Array.from({ length: 6000 }, (_, i) => ({ id: i, name: '小明', text: '我是服务端 hello '.repeat(3) })));
if (Buffer.byteLength(big) >= 1048576) fail('message too large for the default limit');
ws.send(big);
if ((await next()) !== big) fail('1 MB JSON came back different');
console.log(`1 MB JSON echoed (${Buffer.byteLength(big)} bytes)`);
for (let i = 0; i < 200; ++i) {
  const m = JSON.stringify({ type: 'chat', seq: i, text: `hello hello ${i}` });
  ws.send(m);
  if ((await next()) !== m) fail(`small message ${i}`);
}
const bin = Buffer.alloc(8000, 7);
ws.send(bin);
const back = await next();
if (!Buffer.isBuffer(back) || !back.equals(bin)) fail('binary message');
console.log('200 small messages and a binary one echoed');
ws.close(1000);
