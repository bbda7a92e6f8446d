import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { describeInBrowser, launchChromium, pageProblems } from './chromium.js';

describeInBrowser('GraphiQL in Chromium', () => {
  let gw: TestGateway;
  let browser: Browser;
  beforeAll(async () => {
    [gw, browser] = await Promise.all([startTestGateway(), launchChromium()]);
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
});
