import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe } from 'vitest';

/** Debian's Chromium (`apt-get install -y chromium`); .ci/run installs it when missing. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const missing = !existsSync(CHROMIUM_PATH);
if (missing && process.env.CI !== 'true') {
  console.warn(`Skipping the browser tests: ${CHROMIUM_PATH} is missing (apt-get install -y chromium). Under CI=true they run and fail instead.`);
}

/** A browser suite: skipped on a machine without Chromium, but never under CI, where a missing browser must fail the run. */
export const describeInBrowser = missing && process.env.CI !== 'true' ? describe.skip : describe;

/**
 * Headless Chromium with nothing running in the background that could talk to the network.
 * Playwright gives every launch a new, empty --user-data-dir of its own.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Console errors and uncaught exceptions of a page, collected as they happen. */
export function pageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return problems;
}
