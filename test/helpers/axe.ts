// axe-core (WCAG 2.1 A and AA rules) run in a page of real Chromium. The test injects it: the
// hosted pages' policy allows no script of their own, and the DevTools protocol's evaluation is
// not subject to it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  help: string;
  nodes: number;
}

export async function accessibilityViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Array<{ id: string; help: string; nodes: unknown[] }> }> };
      }
    ).axe;
    return axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
  });
  return result.violations.map((violation) => ({ id: violation.id, help: violation.help, nodes: violation.nodes.length }));
}
