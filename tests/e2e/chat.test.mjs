// Real-browser end-to-end test of the Duplex chat page.
//
//   node tests/e2e/chat.test.mjs --server build/bin/duplex-server --out build/e2e
//        [--document-root resources/web] [--chromium /usr/bin/chromium]
//
// Starts `duplex-server --port 0 --mode broadcast`, opens the page in Debian's
// Chromium (through playwright-core, no downloaded browser) as two users, chats,
// checks that message text is never interpreted as HTML, saves screenshots, and
// prints "e2e: N passed, N failed". Exits non-zero on any failure.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const GLOBAL_TIMEOUT_MS = 180_000;
// The first start of Chromium on a fresh machine builds its font cache and profile: allow it time, and one retry.
const LAUNCH_TIMEOUT_MS = 60_000;
const START_TIMEOUT_MS = 15_000;
const STEP_TIMEOUT_MS = 8_000;

const { values: opts } = parseArgs({
  options: {
    server: { type: 'string' },
    out: { type: 'string' },
    chromium: { type: 'string', default: process.env.CHROMIUM || '/usr/bin/chromium' },
    // optional: serve the page from this folder (e.g. resources/web) instead of the built-in copy
    'document-root': { type: 'string' },
  },
});
if (!opts.server) {
  console.error('usage: node chat.test.mjs --server PATH/duplex-server --out DIR [--document-root DIR] [--chromium PATH]');
  process.exit(2);
}
const outDir = path.resolve(opts.out || path.join(tmpdir(), 'duplex-e2e'));
mkdirSync(outDir, { recursive: true });

let server = null;
let browser = null;
let dataDir = null;
const serverLog = [];
let passed = 0;
let failed = 0;

function log(...args) {
  console.log(...args);
}

// ---- cleanup, always ------------------------------------------------------

async function cleanup() {
  if (browser) {
    const b = browser;
    browser = null;
    await Promise.race([b.close().catch(() => {}), sleep(5000)]);
  }
  await stopServer();
  if (dataDir) {
    rmSync(dataDir, { recursive: true, force: true });
    dataDir = null;
  }
}

async function stopServer() {
  if (!server) return;
  const s = server;
  server = null;
  if (s.exitCode !== null || s.signalCode !== null) return;
  const exited = new Promise((resolve) => s.once('exit', resolve));
  s.kill('SIGTERM');
  const t0 = Date.now();
  const t = await Promise.race([exited.then(() => 'exited'), sleep(10_000).then(() => 'timeout')]);
  if (t === 'timeout') {
    log('e2e: server did not stop on SIGTERM within 10 s, killing it');
    dumpServerLog();
    s.kill('SIGKILL');
    await Promise.race([exited, sleep(2000)]);
  } else if (Date.now() - t0 > 1000) {
    log(`e2e: the server took ${Date.now() - t0} ms to stop on SIGTERM`);
  }
}

// last resort if something exits the process without cleanup()
process.on('exit', () => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await cleanup();
    process.exit(130);
  });
}

const globalTimer = setTimeout(async () => {
  console.error(`e2e: global timeout of ${GLOBAL_TIMEOUT_MS / 1000} s reached`);
  dumpServerLog();
  await cleanup();
  console.log(`e2e: ${passed} passed, ${failed + 1} failed`);
  process.exit(1);
}, GLOBAL_TIMEOUT_MS);

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function dumpServerLog() {
  if (!serverLog.length) return;
  log('--- server output (last lines) ---');
  for (const line of serverLog.slice(-40)) log(line);
  log('---');
}

// ---- helpers ----------------------------------------------------------------

async function launchBrowser() {
  const options = {
    executablePath: opts.chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: LAUNCH_TIMEOUT_MS,
  };
  for (let attempt = 1; ; attempt += 1) {
    const t0 = Date.now();
    try {
      const b = await chromium.launch(options);
      log(`       chromium ${b.version()} started in ${Date.now() - t0} ms`);
      return b;
    } catch (err) {
      if (attempt >= 2) throw err;
      log(`       chromium did not start (attempt ${attempt}, ${Date.now() - t0} ms): ${String(err.message).split('\n')[0]}; retrying`);
    }
  }
}

async function test(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed += 1;
    log(`ok   - ${name} (${Date.now() - t0} ms)`);
  } catch (err) {
    failed += 1;
    log(`FAIL - ${name} (${Date.now() - t0} ms)`);
    log(String(err && err.stack ? err.stack : err).split('\n').map((l) => '       ' + l).join('\n'));
  }
}

function startServer(bin, port = '0', extraArgs = []) {
  return new Promise((resolve, reject) => {
    if (!existsSync(bin)) {
      reject(new Error(`server binary not found: ${bin}`));
      return;
    }
    // a private data/config folder so history from earlier runs cannot leak in
    // (kept across a restart in the same run: the chat history must survive it)
    dataDir ??= mkdtempSync(path.join(tmpdir(), 'duplex-e2e-data-'));
    const env = {
      ...process.env,
      XDG_DATA_HOME: path.join(dataDir, 'data'),
      XDG_CONFIG_HOME: path.join(dataDir, 'config'),
      XDG_CACHE_HOME: path.join(dataDir, 'cache'),
      QT_QPA_PLATFORM: 'offscreen',
    };
    const args = ['--port', String(port), '--mode', 'broadcast'];
    if (opts['document-root']) args.push('--document-root', path.resolve(opts['document-root']));
    args.push(...extraArgs);
    const child = spawn(bin, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    server = child;
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      reject(new Error(`server did not print "Duplex listening on http://127.0.0.1:PORT/" within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    child.once('error', (err) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      serverLog.push(`[server exited: code ${code}, signal ${signal}]`);
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(new Error(`server exited before listening (code ${code}, signal ${signal})`));
    });
    // keep reading both pipes for the whole run so the server never blocks on a full pipe
    createInterface({ input: child.stderr }).on('line', (line) => {
      serverLog.push('[stderr] ' + line);
      if (serverLog.length > 400) serverLog.shift();
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      serverLog.push(line);
      if (serverLog.length > 400) serverLog.shift();
      const m = /^Duplex listening on (https?:\/\/127\.0\.0\.1:(\d+)\/)\s*$/.exec(line);
      if (m && !done) {
        done = true;
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
}

// While the server is down on purpose, the browser logs each refused reconnection attempt as a console error.
let serverDownOnPurpose = false;

function watchPage(page, label, problems) {
  page.on('pageerror', (err) => problems.push(`${label}: page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location()?.url || '';
    if (/\/favicon\.(svg|ico)$/.test(where)) {
      log(`       note: ${label}: ${msg.text()} (${where})`);
      return;
    }
    if (serverDownOnPurpose && /WebSocket connection to .* failed/.test(msg.text())) {
      log(`       note: ${label}: refused while the server is down: ${msg.text()}`);
      return;
    }
    problems.push(`${label}: console error: ${msg.text()} ${where}`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`${label}: dialog fired: ${dialog.type()} ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
}

async function waitConnected(page) {
  await page.waitForSelector('[data-testid="state"][data-state="connected"]', { timeout: STEP_TIMEOUT_MS });
  await page.waitForFunction(
    () => /^#\d+$/.test(document.querySelector('[data-testid="my-id"]')?.textContent || ''),
    null,
    { timeout: STEP_TIMEOUT_MS },
  );
  return Number((await page.textContent('[data-testid="my-id"]')).slice(1));
}

async function send(page, text, how = 'enter') {
  await page.fill('[data-testid="input"]', text);
  if (how === 'click') await page.click('[data-testid="send"]');
  else await page.press('[data-testid="input"]', 'Enter');
}

// Waits until a message whose text is exactly `text` is shown; returns its details.
async function waitMessage(page, text) {
  const handle = await page.waitForFunction(
    (want) => {
      for (const li of document.querySelectorAll('[data-testid="messages"] [data-testid="message"]')) {
        const t = li.querySelector('[data-testid="message-text"]');
        if (t && t.textContent === want) {
          const part = (sel) => li.querySelector(sel)?.textContent.trim() || '';
          return { from: li.dataset.from, who: part('.who'), id: part('.id'), time: part('time'), cls: li.className };
        }
      }
      return false;
    },
    text,
    { timeout: STEP_TIMEOUT_MS },
  );
  return handle.jsonValue();
}

// ---- the run ----------------------------------------------------------------

async function main() {
  const token = Math.random().toString(36).slice(2, 8);
  const problems = [];
  let url = null;
  let alice = null;
  let bob = null;
  let aliceId = 0;
  let bobId = 0;

  await test('server starts and prints its URL', async () => {
    url = await startServer(path.resolve(opts.server));
    log(`       server at ${url}`);
  });
  if (!url) return;

  await test('GET / is the chat page as text/html; charset=utf-8', async () => {
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type')?.toLowerCase().replace(/\s+/g, ''), 'text/html;charset=utf-8',
      `content-type was ${res.headers.get('content-type')}`);
    const body = await res.text();
    assert.match(body, /app\.js/);
    for (const file of ['app.js', 'style.css']) {
      const r = await fetch(new URL(file, url));
      assert.equal(r.status, 200, `GET /${file} → ${r.status}`);
      await r.arrayBuffer();
    }
  });

  await test('browser opens two pages and both connect with duplex.v1', async () => {
    browser = await launchBrowser();
    // separate contexts: separate localStorage, like two people
    const ctxA = await browser.newContext({ viewport: { width: 900, height: 640 }, locale: 'en-US' });
    const ctxB = await browser.newContext({ viewport: { width: 900, height: 640 }, locale: 'en-US' });
    alice = await ctxA.newPage();
    bob = await ctxB.newPage();
    watchPage(alice, 'alice', problems);
    watchPage(bob, 'bob', problems);
    await alice.goto(url + '?name=alice&lang=en');
    await bob.goto(url + '?name=bob&lang=en');
    aliceId = await waitConnected(alice);
    bobId = await waitConnected(bob);
    assert.ok(aliceId > 0 && bobId > 0 && aliceId !== bobId, `ids: alice #${aliceId}, bob #${bobId}`);
    assert.equal(await alice.inputValue('[data-testid="name"]'), 'alice');
    assert.equal((await alice.textContent('[data-testid="state"]')).trim(), 'Connected');
    const mode = (await alice.textContent('[data-testid="mode"]')).trim();
    assert.equal(mode, 'broadcast', 'mode shown from the welcome frame');
  });

  await test('a message from alice reaches both pages', async () => {
    assert.ok(alice && bob, 'pages not open');
    const text = `hello from alice ${token}`;
    await send(alice, text, 'enter');
    const onA = await waitMessage(alice, text);
    const onB = await waitMessage(bob, text);
    assert.equal(onA.from, String(aliceId));
    assert.equal(onB.from, String(aliceId));
    assert.match(onA.cls, /\bmine\b/, 'alice sees her own message as hers');
    assert.match(onB.cls, /\bother\b/, 'bob sees it as someone else\'s');
    assert.equal(onB.who, 'alice');
    assert.equal(onB.id, `#${aliceId}`);
    assert.match(onB.time, /^\d\d:\d\d:\d\d$/);
    assert.equal(await alice.inputValue('[data-testid="input"]'), '', 'input cleared after send');
    // rendered once, from the server's copy only
    const count = await alice.$$eval('[data-testid="message-text"]', (els, t) => els.filter((e) => e.textContent === t).length, text);
    assert.equal(count, 1, 'alice shows her message exactly once');
  });

  await test('HTML in a message is shown literally, never run', async () => {
    assert.ok(alice && bob, 'pages not open');
    const evil = '<img src=x onerror=alert(1)>';
    await send(bob, evil, 'click');
    await waitMessage(alice, evil);
    await waitMessage(bob, evil);
    await sleep(300); // give a would-be onerror handler time to fire
    for (const page of [alice, bob]) {
      const imgs = await page.$$eval('[data-testid="messages"] img', (els) => els.length);
      assert.equal(imgs, 0, 'no <img> element created in the message list');
    }
    const dialogs = problems.filter((p) => p.includes('dialog fired'));
    assert.deepEqual(dialogs, [], 'no dialog fired');
  });

  await test('Chinese text reaches both pages intact', async () => {
    assert.ok(alice && bob, 'pages not open');
    const text = `你好，世界 ${token}`;
    await send(alice, text, 'click');
    await waitMessage(alice, text);
    await waitMessage(bob, text);
  });

  await test('rename is announced and applied', async () => {
    assert.ok(alice && bob, 'pages not open');
    await bob.fill('[data-testid="name"]', 'robert');
    await bob.press('[data-testid="name"]', 'Enter');
    await alice.waitForFunction(
      () => [...document.querySelectorAll('[data-testid="system"]')].some((e) => /robert/.test(e.textContent) && /bob/.test(e.textContent)),
      null,
      { timeout: STEP_TIMEOUT_MS },
    );
    const text = `renamed ${token}`;
    await send(bob, text);
    const onA = await waitMessage(alice, text);
    assert.equal(onA.who, 'robert');
  });

  await test('screenshots (desktop x2, 360 px dark, Chinese)', async () => {
    assert.ok(alice && bob, 'pages not open');
    await alice.screenshot({ path: path.join(outDir, 'chat-alice.png') });
    await bob.screenshot({ path: path.join(outDir, 'chat-bob.png') });
    const ctx = await browser.newContext({
      viewport: { width: 360, height: 720 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      colorScheme: 'dark',
      locale: 'zh-CN',
    });
    const phone = await ctx.newPage();
    watchPage(phone, 'phone', problems);
    await phone.goto(url + '?name=' + encodeURIComponent('小明'));
    await waitConnected(phone);
    assert.equal((await phone.textContent('[data-testid="state"]')).trim(), '已连接', 'zh-CN browser gets the Chinese page');
    assert.equal((await phone.textContent('[data-testid="send"]')).trim(), '发送');
    assert.equal(await phone.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), true);
    const text = `手机上好 ${token}`;
    await send(phone, text);
    await waitMessage(phone, text);
    await waitMessage(alice, text);
    // no horizontal overflow at 360 px
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `page is ${overflow} px wider than a 360 px screen`);
    await sleep(150);
    await phone.screenshot({ path: path.join(outDir, 'chat-mobile-dark.png') });
    await alice.screenshot({ path: path.join(outDir, 'chat-alice.png') });
    log(`       screenshots in ${outDir}`);
  });

  await test('pages reconnect with back-off when the server comes back', async () => {
    assert.ok(alice && bob, 'pages not open');
    const port = new URL(url).port;
    const keep = dataDir;
    const s = server;
    server = null; // stop it without removing its data folder
    const exited = new Promise((resolve) => s.once('exit', resolve));
    serverDownOnPurpose = true;
    s.kill('SIGTERM');
    await exited;
    dataDir = keep;
    for (const page of [alice, bob])
      await page.waitForSelector('[data-testid="state"][data-state="reconnecting"]', { timeout: STEP_TIMEOUT_MS });
    const waiting = (await alice.textContent('[data-testid="state"]')).trim();
    assert.match(waiting, /Reconnecting in \d+ s \(code 1001\)/, `state while away: ${waiting}`);
    await sleep(1500); // long enough for a first attempt to be refused: the pages back off and try again
    const again = await startServer(path.resolve(opts.server), port);
    assert.equal(again, url, 'restarted on the same port');
    const newAlice = await waitConnected(alice);
    const newBob = await waitConnected(bob);
    serverDownOnPurpose = false;
    assert.ok(newAlice > 0 && newBob > 0 && newAlice !== newBob, `new ids: #${newAlice}, #${newBob}`);
    // and the chat goes on between the two pages
    const text = `back again ${token}`;
    await send(bob, text, 'enter');
    await waitMessage(alice, text);
  });

  await test('a page opened as /?token=SECRET connects to a --token server; the token is never logged', async () => {
    const main = server;
    const secret = 'e2e-secret-' + token;
    const tokenUrl = await startServer(path.resolve(opts.server), '0', ['--token', secret]);
    const tokenServer = server;
    server = main;
    try {
      const ctx = await browser.newContext({ viewport: { width: 900, height: 640 }, locale: 'en-US' });
      const carol = await ctx.newPage();
      watchPage(carol, 'carol', problems);
      await carol.goto(tokenUrl + '?name=carol&lang=en&token=' + encodeURIComponent(secret));
      assert.ok((await waitConnected(carol)) > 0, 'connected with the token');
      await send(carol, 'hello with a token', 'enter');
      await waitMessage(carol, 'hello with a token');
      await sleep(300); // the server prints its log lines
      const leaked = serverLog.filter((line) => line.includes(secret));
      assert.deepEqual(leaked, [], 'the token shows in the server log');
      assert.ok(serverLog.some((line) => line.includes('token=***')), 'the path is logged with the token masked');
      await ctx.close();
    } finally {
      tokenServer.kill('SIGTERM');
    }
  });

  await test('a HAR recorded by Chromium replays with duplex-client replay --expect, and a changed server fails it', async () => {
    const main = server;
    const echoUrl = await startServer(path.resolve(opts.server), '0', ['--mode', 'echo']);
    const echoServer = server;
    const changedUrl = await startServer(path.resolve(opts.server), '0', ['--mode', 'echo', '--reply', 'changed: {text}']);
    const changedServer = server;
    server = main;
    const harPath = path.join(outDir, 'chromium-session.har');
    const client = path.join(path.dirname(path.resolve(opts.server)), 'duplex-client');
    try {
      // Chromium records the page's WebSocket frames into the HAR (Playwright's recorder, content embedded).
      const ctx = await browser.newContext({ recordHar: { path: harPath, content: 'embed' } });
      const page = await ctx.newPage();
      await page.goto(echoUrl + 'healthz'); // same origin, and no WebSocket of the chat page in the recording
      const replies = await page.evaluate(async (url) => {
        const ws = new WebSocket(url);
        const got = [];
        await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
        for (const text of ['hello from chromium', '你好']) {
          const reply = new Promise((resolve) => { ws.onmessage = (e) => resolve(e.data); });
          ws.send(text);
          got.push(await reply);
        }
        ws.close(1000);
        await new Promise((resolve) => { ws.onclose = resolve; });
        return got;
      }, echoUrl.replace(/^http/, 'ws') + '?name=har');
      assert.equal(replies.length, 2);
      await ctx.close(); // writes the HAR
      assert.ok(existsSync(harPath), 'the HAR was written');

      const same = spawnSync(client, ['replay', harPath, '--expect', '--speed', 'max', '--wait', '500'],
        { encoding: 'utf8', timeout: 20_000 });
      assert.equal(same.status, 0, `replay against the same server: ${same.stdout}${same.stderr}`);
      assert.match(same.stdout, /every answer as recorded/);

      const changed = spawnSync(client, ['replay', harPath, '--expect', '--speed', 'max',
        '--url', changedUrl.replace(/^http/, 'ws') + '?name=har'], { encoding: 'utf8', timeout: 20_000 });
      assert.equal(changed.status, 1, `replay against a changed server: ${changed.stdout}${changed.stderr}`);
      assert.match(changed.stderr, /answer 1 differs/);
      assert.match(changed.stderr, /received: "changed: hello from chromium"/);
    } finally {
      echoServer.kill('SIGTERM');
      changedServer.kill('SIGTERM');
    }
  });

  await test('Chromium negotiates permessage-deflate and 1 MB of JSON comes back intact', async () => {
    const main = server;
    const rawUrl = await startServer(path.resolve(opts.server), '0', ['--mode', 'raw']);
    const rawServer = server;
    server = main;
    try {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.goto(rawUrl + 'healthz');
      const result = await page.evaluate(async (url) => {
        const ws = new WebSocket(url);
        await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
        const big = JSON.stringify(Array.from({ length: 15000 }, (_, i) => ({ id: i, name: '小明', text: '我是服务端 hello hello' })));
        const reply = new Promise((resolve) => { ws.onmessage = (e) => resolve(e.data); });
        ws.send(big);
        const back = await reply;
        const extensions = ws.extensions;
        ws.close(1000);
        return { extensions, size: new TextEncoder().encode(big).length, same: back === big };
      }, rawUrl.replace(/^http/, 'ws'));
      await ctx.close();
      assert.match(result.extensions, /^permessage-deflate/, `extensions: "${result.extensions}"`);
      assert.ok(result.size > 900_000 && result.size < 1_048_576, `size ${result.size}`);
      assert.ok(result.same, 'the echo differs from what was sent');
      log(`       ${result.extensions}; ${result.size} bytes echoed`);
    } finally {
      rawServer.kill('SIGTERM');
    }
  });

  await test('over https:// the page chats through wss:// (TLS 1.3 records of its own), and 1 MB of JSON comes back compressed', async () => {
    const main = server;
    const certDir = mkdtempSync(path.join(tmpdir(), 'duplex-e2e-tls-'));
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
      '-nodes', '-keyout', path.join(certDir, 'key.pem'), '-out', path.join(certDir, 'cert.pem'), '-days', '2',
      '-subj', '/CN=127.0.0.1'], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const tlsUrl = await startServer(path.resolve(opts.server), '0',
      ['--mode', 'echo', '--cert', path.join(certDir, 'cert.pem'), '--key', path.join(certDir, 'key.pem')]);
    const tlsServer = server;
    server = main;
    try {
      assert.match(tlsUrl, /^https:/);
      const ctx = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 900, height: 640 }, locale: 'en-US' });
      const dana = await ctx.newPage();
      watchPage(dana, 'dana', problems);
      await dana.goto(tlsUrl + '?name=dana&lang=en');
      assert.ok((await waitConnected(dana)) > 0, 'connected over wss://');
      await send(dana, '我是服务端 over TLS', 'enter');
      await waitMessage(dana, '我是服务端 over TLS');
      const result = await dana.evaluate(async (url) => {
        const ws = new WebSocket(url);
        await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
        const big = JSON.stringify(Array.from({ length: 15000 }, (_, i) => ({ id: i, name: '小明', text: '我是服务端 hello hello' })));
        const got = [];
        ws.onmessage = (e) => got.push(e.data);
        ws.send(big);
        for (let i = 0; i < 50; ++i) ws.send('small ' + i);
        while (got.length < 51) await new Promise((resolve) => setTimeout(resolve, 20));
        const extensions = ws.extensions;
        ws.close(1000);
        return { extensions, same: got[0].endsWith(big), last: got[50] };
      }, tlsUrl.replace(/^https/, 'wss') + '?name=big');
      await ctx.close();
      assert.match(result.extensions, /^permessage-deflate/, `extensions: "${result.extensions}"`);
      assert.ok(result.same, 'the 1 MB echo differs from what was sent');
      assert.match(result.last, /small 49$/);
      log(`       ${result.extensions}; the page and 1 MB of JSON over wss://`);
    } finally {
      tlsServer.kill('SIGTERM');
      rmSync(certDir, { recursive: true, force: true });
    }
  });

  await test('no page errors, console errors or dialogs', async () => {
    assert.deepEqual(problems, []);
  });
}

let exitCode = 1;
try {
  await main();
} catch (err) {
  failed += 1;
  console.error('e2e: unexpected error:', err);
} finally {
  if (failed) dumpServerLog();
  await cleanup();
  clearTimeout(globalTimer);
  exitCode = failed === 0 && passed > 0 ? 0 : 1;
  console.log(`e2e: ${passed} passed, ${failed} failed`);
}
process.exit(exitCode);
