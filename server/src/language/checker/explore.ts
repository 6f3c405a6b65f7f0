/**
 * The exploration's declarations: `explore SETTING in (v1, v2, …)` (the policies a crash-point sweep compares) and
 * `expect always no VERDICT` (a property of the whole sweep). A single run ignores both; explore/ reads them.
 */
import type * as A from '../ast';
import { VERDICT_KINDS, type Scenario, type VerdictKind } from '../../model/scenario';
import { defaultServerConfig, findSetting } from '../../model/settings';
import { closest } from './closest';
import { CheckContext } from './context';
import { applySettings } from './topology';

export function checkExploration(
  ctx: CheckContext,
  items: A.Item[],
  flavor: Scenario['flavor'],
): Required<Pick<Scenario, 'vary' | 'properties'>> {
  const vary = new Map<string, NonNullable<Scenario['vary']>[number]>();
  const properties: NonNullable<Scenario['properties']> = [];
  const declared = new Map<string, A.ExploreDecl>();
  for (const item of items) {
    if (item.kind === 'explore') {
      const spec = findSetting(item.setting.text);
      // Each value is checked as the setting of a server would be; whether it suits every server is the sweep's concern.
      const scratch = new CheckContext();
      for (const value of item.values)
        applySettings(scratch, defaultServerConfig('explore', 0, flavor, 1), [{ name: item.setting, value, range: value.range }]);
      const errors = scratch.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'impossible-state');
      for (const d of errors) ctx.report(d.code, 'error', d.range, d.message, d.suggestion);
      if (!spec || errors.length > 0) continue;
      const previous = declared.get(spec.name);
      if (previous)
        ctx.warning(
          'duplicate-name',
          item.setting.range,
          `${spec.name} is already explored on line ${previous.range.start.line + 1}; the last one wins`,
        );
      declared.set(spec.name, item);
      vary.set(spec.name, { setting: spec.name, values: item.values.map(valueText), line: item.range.start.line });
    } else if (item.kind === 'expectVerdict' && item.always) {
      const verdict = (VERDICT_KINDS as readonly string[]).includes(item.verdict.text) ? (item.verdict.text as VerdictKind) : undefined;
      if (!verdict || verdict === 'expectation_failed') {
        const suggestion = closest(item.verdict.text, VERDICT_KINDS);
        ctx.error(
          'bad-value',
          item.verdict.range,
          `unknown verdict '${item.verdict.text}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
          suggestion,
        );
        continue;
      }
      if (!item.negated || item.subject) {
        ctx.error('bad-value', item.range, `a property of every crash point reads \`expect always no ${verdict}\``);
        continue;
      }
      properties.push({ line: item.range.start.line, verdict });
    }
  }
  return { vary: [...vary.values()], properties };
}

/** A value as the file would write it. */
export function valueText(v: A.Value): string {
  switch (v.kind) {
    case 'int':
      return String(v.value);
    case 'duration':
      return v.micros % 1_000_000 === 0 ? `${v.micros / 1_000_000}s` : v.micros % 1000 === 0 ? `${v.micros / 1000}ms` : `${v.micros}us`;
    case 'unbounded':
      return 'unbounded';
    case 'size':
      return String(v.bytes);
    case 'string':
      return `'${v.text.replace(/'/g, "''")}'`;
    case 'word':
    case 'flavor':
      return v.text;
  }
}
