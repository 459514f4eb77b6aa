// Opens chat pages as several users against a running Duplex server and keeps them open: for screenshots and
// for watching the desktop app with real browser clients.
//
//   node tests/e2e/clients.mjs --url http://127.0.0.1:8090/ --names alice,bob,小明 --seconds 30 [--lang zh]
import { chromium } from 'playwright-core';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8090/' },
    names: { type: 'string', default: 'alice,bob,小明' },
    seconds: { type: 'string', default: '30' },
    lang: { type: 'string', default: 'en' },
    chromium: { type: 'string', default: process.env.CHROMIUM || '/usr/bin/chromium' },
  },
});

const lines = {
  en: ['Hello everyone!', 'Hi alice, the server pushes this to all of us.', '大家好！'],
  zh: ['大家好！', '你好，我在浏览器里。', 'Hello from a phone'],
};
const browser = await chromium.launch({
  executablePath: opts.chromium,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const names = opts.names.split(',');
const pages = [];
for (const name of names) {
  const context = await browser.newContext({ userAgent: `Chromium (Duplex demo: ${name})` });
  const page = await context.newPage();
  const url = new URL(opts.url);
  url.searchParams.set('lang', opts.lang);
  url.searchParams.set('name', name);
  await page.goto(url.toString());
  await page.getByTestId('state').filter({ hasText: /./ }).waitFor();
  pages.push(page);
}
await new Promise((r) => setTimeout(r, 1000));
const said = lines[opts.lang] || lines.en;
for (let i = 0; i < pages.length; ++i) {
  await pages[i].getByTestId('input').fill(said[i % said.length]);
  await pages[i].getByTestId('input').press('Enter');
  await new Promise((r) => setTimeout(r, 300));
}
console.log(`clients: ${names.length} pages open`);
await new Promise((r) => setTimeout(r, Number(opts.seconds) * 1000));
await browser.close();
