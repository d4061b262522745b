// Debian's Chromium for the browser tests, driven by playwright-core (nothing downloads a
// browser). Without it the browser tests are not run, and say so; in CI (which installs it) a
// missing Chromium fails the run instead of skipping the tests.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);

if (!haveChromium) {
  const message = `Browser tests need Chromium at ${CHROMIUM} (apt-get install chromium)`;
  if (process.env.CI) throw new Error(`${message}; CI installs it, so its absence is a failure here.`);
  console.warn(`${message}; they are not run here.`);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}
