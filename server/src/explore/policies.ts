/**
 * Policies: the cross product of the values of every explored setting (the file's `explore SETTING in (…)` lines and
 * the command line's `--vary SETTING=v1,v2`, which wins for the same setting). Each policy is the file with those
 * settings added last to every server declaration, checked again: what a DBA would get by editing every server's
 * braces, flavor defaults included, and with the same diagnostics when a value does not suit a server.
 */
import type * as A from '../language/ast';
import { analyze } from '../language/analyze';
import { checkRepl } from '../language/checker/check';
import { valueText } from '../language/checker/explore';
import { parseRepl } from '../language/parse';
import { findSetting } from '../model/settings';
import type { ExploreProperty, PolicyScenario } from './explore';

/** The policies and properties of a file, or why it cannot be explored. */
export interface ExploreSetup {
  policies: PolicyScenario[];
  properties: ExploreProperty[];
  /** Problems, one line each (`wait_point=after_foo: …`); nothing is explored when there are any. */
  errors: string[];
}

interface Axis {
  setting: string;
  name: A.Name;
  values: A.Value[];
}

/** `wait_point=after_sync,after_commit` → an axis, through the language's own `explore` declaration. */
function axisFromFlag(flag: string): Axis | string {
  const at = flag.indexOf('=');
  if (at <= 0 || at === flag.length - 1) return `--vary ${flag}: write SETTING=VALUE,VALUE…`;
  const text = `explore ${flag.slice(0, at)} in (${flag.slice(at + 1)})`;
  const parsed = parseRepl(text);
  const checked = checkRepl(parsed.file);
  const problem = [...parsed.diagnostics, ...checked.diagnostics].find((d) => d.severity === 'error');
  const decl = parsed.file.items.find((i): i is A.ExploreDecl => i.kind === 'explore');
  if (problem || !decl) return `--vary ${flag}: ${problem?.message ?? 'not a setting and its values'}`;
  return { setting: findSetting(decl.setting.text)?.name ?? decl.setting.text, name: decl.setting, values: decl.values };
}

/** Every policy of the file (one, as written, when nothing is varied) and its properties. */
export function explorePolicies(text: string, vary: readonly string[] = []): ExploreSetup {
  const analysis = analyze(text);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
  if (errors.length > 0) return { policies: [], properties: [], errors };
  const axes = new Map<string, Axis>();
  for (const item of analysis.parse.file.items)
    if (item.kind === 'explore') {
      const setting = findSetting(item.setting.text)?.name ?? item.setting.text;
      axes.set(setting, { setting, name: item.setting, values: item.values });
    }
  for (const flag of vary) {
    const axis = axisFromFlag(flag);
    if (typeof axis === 'string') errors.push(axis);
    else axes.set(axis.setting, axis);
  }
  const properties = (analysis.scenario.properties ?? []).map((p) => ({ line: p.line, verdict: p.verdict }));
  if (errors.length > 0) return { policies: [], properties, errors };
  if (axes.size === 0) return { policies: [{ settings: {}, scenario: analysis.scenario }], properties, errors };

  let combinations: { settings: Record<string, string>; added: A.Setting[] }[] = [{ settings: {}, added: [] }];
  for (const axis of axes.values())
    combinations = combinations.flatMap((c) =>
      axis.values.map((value) => ({
        settings: { ...c.settings, [axis.setting]: valueText(value) },
        added: [...c.added, { name: axis.name, value, range: value.range }],
      })),
    );
  const policies: PolicyScenario[] = [];
  for (const c of combinations) {
    const items = analysis.parse.file.items.map((item) =>
      item.kind === 'server' ? { ...item, settings: [...item.settings, ...c.added] } : item,
    );
    const checked = checkRepl({ items });
    const problem = checked.diagnostics.find((d) => d.severity === 'error');
    if (problem) errors.push(`${policyText(c.settings)}: ${problem.message}`);
    else policies.push({ settings: c.settings, scenario: checked.scenario });
  }
  return { policies: errors.length > 0 ? [] : policies, properties, errors };
}

/** `wait_point=after_sync sync_binlog=1`, or `as written`. */
export function policyText(settings: Record<string, string>): string {
  const parts = Object.entries(settings).map(([k, v]) => `${k}=${v}`);
  return parts.length > 0 ? parts.join(' ') : 'as written';
}
