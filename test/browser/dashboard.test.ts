import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildDashboard } from '../../src/dashboard/build-dashboard.js';
import type { SessionRef } from '../../src/upstreams/session-ref.js';
import { DEMO, gid, startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { describeInBrowser, launchChromium, pageProblems } from './chromium.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
/** Short intervals: the sandbox moves only on tick(), and each tick should reach the page quickly. */
const FAST_POLLING = { POLL_INTERVAL_MS: '100', POLL_MAX_INTERVAL_MS: '100' };

interface Dashboard {
  page: Page;
  problems: string[];
  row(ref: SessionRef): Locator;
  cell(ref: SessionRef, field: string): Locator;
  watchDemo(label: string): Promise<void>;
}

async function openDashboard(context: BrowserContext, gw: TestGateway): Promise<Dashboard> {
  const page = await context.newPage();
  const problems = pageProblems(page);
  await page.goto(`${gw.url}/`);
  await page.locator('#connection[data-state="idle"]').waitFor();
  const row = (ref: SessionRef) => page.locator(`tr[data-session-id="${gid(ref)}"]`);
  return {
    page,
    problems,
    row,
    cell: (ref, field) => row(ref).locator(`[data-field="${field}"]`),
    watchDemo: (label) => page.locator('#demo-sessions label', { hasText: label }).locator('input').check(),
  };
}

const text = (locator: Locator) => locator.textContent();
/** The page has no event for "this cell changed": poll it, with room for a loaded machine. */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });

describeInBrowser('the dashboard in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    // Built from the current sources, so the page under test is never a stale bundle.
    await buildDashboard();
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  describe('against the sandbox', () => {
    let gw: TestGateway;
    let context: BrowserContext;
    beforeAll(async () => {
      gw = await startTestGateway(FAST_POLLING);
      context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    });
    afterAll(() => gw?.close());
    afterEach(async () => {
      await Promise.all(context.pages().map((page) => page.close()));
      // The server hears of a closed page when its socket closes: on a loaded CI machine that outlasted vi.waitFor's 1 s once.
      await vi.waitFor(() => expect(gw.hub.stats()).toMatchObject({ activePollers: 0, activeSubscriptions: 0 }), { timeout: 10_000, interval: 50 });
      gw.sandbox.reset();
    });

    it('watches crawl-demo-1: crawledPages rises and the state reaches COMPLETED without a reload', async () => {
      const dashboard = await openDashboard(context, gw);
      const { page, cell } = dashboard;
      await dashboard.watchDemo('kadoa:crawl-demo-1');
      await poll(() => text(cell(DEMO.kadoaCrawling, 'progress'))).toBe('0 pages crawled');
      expect(await text(cell(DEMO.kadoaCrawling, 'state'))).toBe('PROCESSING');
      await poll(() => text(page.locator('#connection'))).toBe('Live: updates appear as they happen');
      // A reload would lose this.
      await page.evaluate(() => Object.assign(window, { sameDocument: true }));

      for (let pages = 1; pages <= 8; pages += 1) {
        gw.sandbox.tick();
        await poll(() => text(cell(DEMO.kadoaCrawling, 'progress'))).toBe(`${pages} ${pages === 1 ? 'page' : 'pages'} crawled`);
      }
      await poll(() => text(cell(DEMO.kadoaCrawling, 'state'))).toBe('COMPLETED');
      expect(await text(cell(DEMO.kadoaCrawling, 'providerStatus'))).toBe('finished');
      await poll(() => text(page.locator('#connection'))).toBe('Every watched session has reached its end');
      // Done: the bar is full although Kadoa's contract gives no page total.
      expect(await cell(DEMO.kadoaCrawling, 'progress').locator('progress').evaluate((bar: HTMLProgressElement) => [bar.value, bar.max])).toEqual([1, 1]);
      expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);

      // The sandbox restarts its demos: the page notices rather than saying forever that everything ended.
      // Its recheck reads the finished session once first, which the gateway may then hold as terminal.
      await page.waitForResponse((response) => response.url().endsWith('/graphql') && (response.request().postData() ?? '').includes('"ids"'), { timeout: 20_000 });
      gw.sandbox.reset();
      await expect.poll(() => text(page.locator('#connection')), { timeout: 20_000, interval: 100 }).toBe('Live: updates appear as they happen');
      await poll(() => text(cell(DEMO.kadoaCrawling, 'state'))).toBe('PROCESSING');
      gw.sandbox.tick();
      await poll(() => text(cell(DEMO.kadoaCrawling, 'progress'))).toBe('1 page crawled');
      expect(dashboard.problems).toEqual([]);
    }, 60_000);

    it('closes deepset d0000000-…-0001 and shows it CLOSED', async () => {
      const dashboard = await openDashboard(context, gw);
      const { row, cell } = dashboard;
      await dashboard.watchDemo('deepset:demo/d0000000-0000-4000-8000-000000000001');
      await poll(() => text(cell(DEMO.deepsetOpen, 'providerStatus'))).toBe('OPEN');
      const close = row(DEMO.deepsetOpen).getByRole('button', { name: 'Close' });
      await close.click();
      await poll(() => text(cell(DEMO.deepsetOpen, 'providerStatus'))).toBe('CLOSED');
      expect(await text(cell(DEMO.deepsetOpen, 'state'))).toBe('PROCESSING');
      expect(await close.isDisabled()).toBe(true);
      expect(gw.sandbox.requestCount('DEEPSET', { method: 'PUT' })).toBe(1);
      expect(dashboard.problems).toEqual([]);
    });

    it('shows an upstream that is down, and the typed error of a close that fails, then recovers', async () => {
      const dashboard = await openDashboard(context, gw);
      const { row, cell } = dashboard;
      await dashboard.watchDemo('deepset:demo/d0000000-0000-4000-8000-000000000001');
      await poll(() => text(cell(DEMO.deepsetOpen, 'providerStatus'))).toBe('OPEN');

      gw.sandbox.faults.set('DEEPSET', { kind: 'status', status: 503 });
      await poll(() => text(cell(DEMO.deepsetOpen, 'upstream'))).toMatch(/^Upstream down: UPSTREAM_UNAVAILABLE\. Retrying in \d+ s\.$/);
      expect(await row(DEMO.deepsetOpen).getAttribute('data-health')).toBe('degraded');
      // The last good snapshot stays on screen.
      expect(await text(cell(DEMO.deepsetOpen, 'providerStatus'))).toBe('OPEN');

      await row(DEMO.deepsetOpen).getByRole('button', { name: 'Close' }).click();
      const error = row(DEMO.deepsetOpen).getByRole('alert');
      await poll(() => text(error)).toMatch(/^Close failed: UPSTREAM_UNAVAILABLE\. .*503/);
      expect(gw.sandbox.requestCount('DEEPSET', { method: 'PUT' })).toBe(1);

      gw.sandbox.faults.clear('DEEPSET');
      await poll(() => text(cell(DEMO.deepsetOpen, 'upstream'))).toBe('OK');
      await row(DEMO.deepsetOpen).getByRole('button', { name: 'Close' }).click();
      await poll(() => text(cell(DEMO.deepsetOpen, 'providerStatus'))).toBe('CLOSED');
      expect(await error.isHidden()).toBe(true);
      expect(dashboard.problems).toEqual([]);
    });

    it('lists deepset sessions without a pasted id, creates one, watches it and closes it', async () => {
      const dashboard = await openDashboard(context, gw);
      const { page, cell, row } = dashboard;
      const panel = page.locator('#deepset-panel');
      const listed = panel.locator('ul.listed li');
      await poll(() => listed.count()).toBe(3);
      expect(await text(panel.locator('.list-total'))).toBe('3 in all');

      await panel.getByRole('button', { name: 'Create upload session' }).click();
      const created = { provider: 'DEEPSET', workspace: 'demo', sessionId: 'd1000000-0000-4000-8000-000000000001' } as const;
      // Watched at once, and on top of the list, newest first.
      await poll(() => text(cell(created, 'providerStatus'))).toBe('OPEN');
      await poll(() => listed.count()).toBe(4);
      expect(await listed.first().getAttribute('data-session-id')).toBe(gid(created));
      await poll(() => text(page.locator('#connection'))).toBe('Live: updates appear as they happen');

      // An older one, watched from the list.
      await listed.nth(1).getByRole('button', { name: 'Watch' }).click();
      await poll(() => page.locator('#sessions tbody tr').count()).toBe(2);

      await row(created).getByRole('button', { name: 'Close' }).click();
      await poll(() => text(cell(created, 'providerStatus'))).toBe('CLOSED');
      gw.sandbox.tick(2);
      await poll(() => text(cell(created, 'progress'))).toMatch(/^\d+ files? ingested/);
      expect(gw.sandbox.requestCount('DEEPSET', { method: 'POST' })).toBe(1);
      expect(gw.sandbox.requestCount('DEEPSET', { method: 'PUT' })).toBe(1);
      expect(dashboard.problems).toEqual([]);
    });

    it('starts a crawl, watches it, pauses and resumes it, and says why a second pause is refused', async () => {
      const dashboard = await openDashboard(context, gw);
      const { page, cell, row } = dashboard;
      const panel = page.locator('#kadoa-panel');
      await poll(() => panel.locator('ul.listed li').count()).toBe(2);
      await panel.getByLabel('Start URL').fill('https://example.org/docs');
      await panel.getByRole('button', { name: 'Start crawl' }).click();
      const crawl = { provider: 'KADOA', sessionId: 'crawl-1' } as const;
      await poll(() => text(cell(crawl, 'state'))).toBe('PROCESSING');
      gw.sandbox.tick();
      await poll(() => text(cell(crawl, 'progress'))).toBe('1 page crawled');

      await row(crawl).getByRole('button', { name: 'Pause' }).click();
      await poll(() => text(cell(crawl, 'providerStatus'))).toBe('paused');
      await row(crawl).getByRole('button', { name: 'Pause' }).click();
      await poll(() => text(row(crawl).getByRole('alert'))).toBe('Pause failed: INVALID_INPUT. Kadoa answered 400 (INVALID_INPUT)');
      await row(crawl).getByRole('button', { name: 'Resume' }).click();
      await poll(() => text(cell(crawl, 'providerStatus'))).toBe('crawling');
      gw.sandbox.tick();
      await poll(() => text(cell(crawl, 'progress'))).toBe('2 pages crawled');
      expect(await row(crawl).getByRole('button', { name: 'Close' }).isHidden()).toBe(true);
      expect(dashboard.problems).toEqual([]);
    });

    it('watches pasted ids and coordinates, and says which it could not use', async () => {
      const dashboard = await openDashboard(context, gw);
      const { page, cell } = dashboard;
      await page.getByLabel(/Or paste global ids/).fill(`kadoa:crawl-demo-2, kadoa:no-such-crawl\n${gid(DEMO.paradigmDone)}\r\n nonsense`);
      await page.locator('#add-form').getByRole('button', { name: 'Watch' }).click();
      await poll(() => text(cell(DEMO.kadoaFailed, 'state'))).toBe('FAILED');
      expect(await text(cell(DEMO.kadoaFailed, 'progress'))).toBe('3 pages crawled · Navigation timeout while crawling https://example.com/blog');
      await poll(() => text(cell(DEMO.paradigmDone, 'state'))).toBe('COMPLETED_WITH_ERRORS');
      expect(await page.locator('#add-problems li').allTextContents()).toEqual([
        'nonsense: neither a global id nor provider:coordinates (e.g. kadoa:crawl-demo-1)',
        'kadoa:no-such-crawl: NOT_FOUND. Kadoa answered 404 (NOT_FOUND)',
      ]);
      expect(await page.locator('#sessions tbody tr').count()).toBe(2);
      expect(dashboard.problems).toEqual([]);
    });

    it('ticks the checkbox of a demo pasted as coordinates, and never breaks an id inside its UUID', async () => {
      const narrow = await browser.newContext({ viewport: { width: 700, height: 900 } });
      try {
        const dashboard = await openDashboard(narrow, gw);
        const { page, cell } = dashboard;
        await page.getByLabel(/Or paste global ids/).fill('ping:vpn-demo-1\ndeepset:demo/d0000000-0000-4000-8000-000000000002');
        await page.locator('#add-form').getByRole('button', { name: 'Watch' }).click();
        await poll(() => text(cell(DEMO.pingMoving, 'state'))).toBe('PENDING');
        const box = (label: string) => page.locator('#demo-sessions label', { hasText: label }).locator('input');
        expect(await box('ping:vpn-demo-1').isChecked()).toBe(true);
        expect(await box('deepset:demo/d0000000-0000-4000-8000-000000000002').isChecked()).toBe(true);
        expect(await box('ping:vpn-demo-2').isChecked()).toBe(false);
        // The label wraps (the column is narrow), but only after ':' or '/': each part stays on one line.
        const label = cell(DEMO.deepsetClosed, 'label');
        expect(await text(label)).toBe('deepset:demo/d0000000-0000-4000-8000-000000000002');
        const lines = await label.locator('span').evaluateAll((spans) => spans.map((span) => span.getClientRects().length));
        expect(lines).toEqual([1, 1, 1]);
        expect(await label.evaluate((td) => td.getBoundingClientRect().height > 1.5 * parseFloat(getComputedStyle(td).lineHeight || '16'))).toBe(true);
        expect(dashboard.problems).toEqual([]);
      } finally {
        await narrow.close();
      }
    });

    it('renders every demo session without a console error, saved as test-results/dashboard.png', async () => {
      const dashboard = await openDashboard(context, gw);
      const { page } = dashboard;
      gw.sandbox.tick(3);
      for (const label of await page.locator('#demo-sessions label code').allTextContents()) await dashboard.watchDemo(label);
      const rows = page.locator('#sessions tbody tr');
      await poll(() => rows.count()).toBe(9);
      await page.locator('#sessions tbody tr[data-health="loading"]').first().waitFor({ state: 'detached' });
      expect(await page.locator('#sessions tbody tr[data-health="ok"]').count()).toBe(9);
      // Paradigm's bar measures embedded documents against the total its contract gives.
      const paradigm = page.locator(`tr[data-session-id="${gid(DEMO.paradigmMoving)}"] [data-field="progress"] progress`);
      expect(await paradigm.getAttribute('title')).toMatch(/^\d+ of \d+ documents embedded$/);
      expect(await page.locator('#empty').isHidden()).toBe(true);
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
      expect(dashboard.problems).toEqual([]);
    });
  });

  describe('with client auth on', () => {
    const KEY = 'k1-0123456789abcdef';
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startTestGateway({ ...FAST_POLLING, GATEWAY_API_KEYS: KEY });
    });
    afterAll(() => gw?.close());

    it('is refused without a key, then works with the key given, which stays in the tab across a reload', async () => {
      const context = await browser.newContext();
      try {
        const dashboard = await openDashboard(context, gw);
        const { page, cell } = dashboard;
        await dashboard.watchDemo('kadoa:crawl-demo-1');
        await poll(() => text(page.locator('#connection'))).toBe('Stopped');
        await page.getByLabel(/Client key/).fill(KEY);
        await page.getByRole('button', { name: 'Use key' }).click();
        await poll(() => text(cell(DEMO.kadoaCrawling, 'state'))).toBe('PROCESSING');
        expect(await page.locator('#error').isHidden()).toBe(true);
        await page.reload();
        expect(await page.getByLabel(/Client key/).inputValue()).toBe(KEY);
        await dashboard.watchDemo('kadoa:crawl-demo-1');
        await poll(() => text(cell(DEMO.kadoaCrawling, 'state'))).toBe('PROCESSING');
        expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
        // The refusal before the key was given is the one console error there may be.
        expect(dashboard.problems.filter((problem) => !problem.includes('401'))).toEqual([]);
      } finally {
        await context.close();
      }
    });
  });

  describe('in trusted-documents mode', () => {
    let gw: TestGateway;
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'sessiongraph-browser-'));
      await writeFile(join(dir, 'team.json'), '{}');
      gw = await startTestGateway({ ...FAST_POLLING, TRUSTED_DOCUMENTS: join(dir, 'team.json') });
    });
    afterAll(async () => {
      await gw?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('keeps working, since it sends only the ids of its own documents', async () => {
      const context = await browser.newContext();
      try {
        const dashboard = await openDashboard(context, gw);
        await dashboard.watchDemo('kadoa:crawl-demo-1');
        await poll(() => text(dashboard.cell(DEMO.kadoaCrawling, 'state'))).toBe('PROCESSING');
        gw.sandbox.tick();
        await poll(() => text(dashboard.cell(DEMO.kadoaCrawling, 'progress'))).toBe('1 page crawled');
        expect(dashboard.problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  });
});
