import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../../scripts/lib/apis.js';
import { redocly } from '../../scripts/lib/redocly.js';

function ruleIdsReportedFor(file: string): Set<string> {
  let output: string;
  try {
    output = redocly(['lint', file, '--format', 'json']);
  } catch (error) {
    // lint exits non-zero when it finds problems; the report is still on stdout.
    output = (error as { stdout: string }).stdout;
  }
  const report = JSON.parse(output) as { problems: Array<{ ruleId: string }> };
  return new Set(report.problems.map((p) => p.ruleId));
}

describe('redocly.yaml house rules', () => {
  const config = parse(readFileSync(path.join(repoRoot, 'redocly.yaml'), 'utf8')) as { rules: Record<string, unknown> };
  const houseRules = Object.keys(config.rules).filter((id) => id.startsWith('rule/'));
  const reported = ruleIdsReportedFor('test/spec/fixtures/breaks-every-house-rule.yaml');

  it('defines the house rules the design asks for', () => {
    expect(houseRules).toEqual(
      expect.arrayContaining([
        'rule/operation-id-lower-camel',
        'rule/error-responses-are-problem-json',
        'rule/deprecated-operations-name-sunset-and-successor',
      ]),
    );
  });

  it.each(houseRules)('%s reports the fixture that breaks it', (rule) => {
    expect(reported).toContain(rule);
  });

  it('refuses unused components', () => {
    expect(reported).toContain('no-unused-components');
  });
});
