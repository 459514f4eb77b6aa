// An echo server on node's ws (from the e2e folder's lock file) with permessage-deflate, for duplex-client
// --compress. Prints "listening PORT", then one line per connection with the extensions it agreed.
//   node echo_server_node.mjs
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../e2e/package.json'));
const { WebSocketServer } = require('ws');

// threshold 0: ws compresses every message (its default leaves those under 1 KiB alone).
const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: { threshold: 0 }, maxPayload: 4 << 20 });
server.on('listening', () => console.log('listening', server.address().port));
server.on('connection', (ws) => {
  console.log('agreed:', ws.extensions);
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});
