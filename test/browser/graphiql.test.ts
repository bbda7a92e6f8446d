import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { describeInBrowser, launchChromium, pageProblems } from './chromium.js';

describeInBrowser('GraphiQL in Chromium', () => {
  let gw: TestGateway;
  let browser: Browser;
  beforeAll(async () => {
    [gw, browser] = await Promise.all([startTestGateway({ POLL_INTERVAL_MS: '100' }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  it('loads from the gateway, with no CDN, and runs its default query against the sandbox', async () => {
    const page = await browser.newPage();
    const problems = pageProblems(page);
    const offOrigin: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(gw.url) && !request.url().startsWith('data:') && !request.url().startsWith('blob:')) offOrigin.push(request.url());
    });
    await page.goto(`${gw.url}/graphql`);
    const executed = page.waitForResponse((response) => response.request().postData()?.includes('query DemoSessions') === true, { timeout: 40_000 });
    await page.locator('.graphiql-execute-button').click({ timeout: 40_000 });
    const result = (await (await executed).json()) as { data: Record<string, Record<string, unknown>>; errors?: unknown };
    expect(result.errors).toBeUndefined();
    expect(result.data.kadoa).toMatchObject({ provider: 'KADOA', state: 'PROCESSING', crawledPages: 0 });
    // And it is shown, not just fetched.
    await expect.poll(() => page.locator('.graphiql-response').innerText(), { timeout: 10_000 }).toMatch(/"provider":\s+"DEEPSET"/);
    expect(gw.sandbox.requestCount('KADOA')).toBe(1);
    expect(offOrigin).toEqual([]);
    expect(problems).toEqual([]);
  }, 60_000);

  it('runs a subscription and shows its events as the session moves', async () => {
    const page = await browser.newPage();
    const problems = pageProblems(page);
    const subscription = `subscription { sessionUpdated(id: "${gid(DEMO.kadoaCrawling)}") { state ... on KadoaCrawlSession { crawledPages } } }`;
    await page.goto(`${gw.url}/graphql?${new URLSearchParams({ query: subscription })}`);
    await page.locator('.graphiql-execute-button').click({ timeout: 40_000 });
    const shown = () => page.locator('.graphiql-response').innerText();
    await expect.poll(shown, { timeout: 10_000 }).toMatch(/"crawledPages":\s+0\b/);
    // Each tick crawls a page; the stream shows the latest event.
    gw.sandbox.tick();
    await expect.poll(shown, { timeout: 10_000 }).toMatch(/"crawledPages":\s+1\b/);
    gw.sandbox.tick();
    await expect.poll(shown, { timeout: 10_000 }).toMatch(/"crawledPages":\s+2\b/);
    expect(problems).toEqual([]);
  }, 60_000);

  it('loads a small page that links its files, which are cacheable for good', async () => {
    const page = await (await fetch(`${gw.url}/graphql`, { headers: { accept: 'text/html' } })).text();
    expect(page.length).toBeLessThan(8_000);
    const assets = [...page.matchAll(/"(\/graphiql\/[0-9a-f]{16}\/[a-z-]+\.(?:js|css|ico))"/g)].map((match) => match[1]!);
    expect(new Set(assets.map((path) => path.split('/').pop()))).toEqual(
      new Set(['favicon.ico', 'graphiql.css', 'graphiql.js', 'editor-worker.js', 'json-worker.js', 'graphql-worker.js']),
    );
    for (const path of assets) {
      const response = await fetch(gw.url + path);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    // An old version's URL is gone rather than served with new content.
    expect((await fetch(`${gw.url}/graphiql/0000000000000000/graphiql.js`)).status).toBe(404);
  });
});
