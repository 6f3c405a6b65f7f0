/**
 * The words of a file that are not names of its own but MySQL's or the language's: setting names and their
 * values, pipeline states, status variables, verdicts, outcomes, column types and flavors. The symbol table
 * covers the user's names (servers, clients, tables, columns, transactions); this covers the rest, so that
 * hover and semantic highlighting can explain and colour every word.
 */
import type * as A from './ast';

export type WordRole = 'setting' | 'settingValue' | 'state' | 'variable' | 'verdict' | 'outcome' | 'columnType' | 'flavor' | 'privilege';

export interface RoleWord {
  role: WordRole;
  /** The word as written (for a value: its token's text span). */
  name: A.Name;
  /** For settings and their values: the setting's name as written. */
  setting?: string;
  /** For settings: the server they apply to (its flavor gives the defaults). */
  server?: string;
}

/** Every role word of one item, in no particular order. */
export function roleWords(item: A.Item): RoleWord[] {
  const out: RoleWord[] = [];
  switch (item.kind) {
    case 'flavor':
      out.push({ role: 'flavor', name: item.flavor });
      break;
    case 'server':
      settingWords(item.settings, item.name.text, out);
      break;
    case 'client':
      // `client dba on r1 { super }`: the account's privileges.
      for (const s of item.settings) out.push({ role: 'privilege', name: s.name, server: item.server.text });
      break;
    case 'table':
      for (const c of item.columns) out.push({ role: 'columnType', name: c.type });
      break;
    case 'explore':
      // `explore wait_point in (after_sync, after_commit)`: the setting and each value, as in a server's braces.
      out.push({ role: 'setting', name: item.setting, setting: item.setting.text });
      for (const v of item.values) {
        if (v.kind === 'flavor') out.push({ role: 'flavor', name: { text: v.text, range: v.range } });
        else if (v.kind === 'word' || v.kind === 'unbounded')
          out.push({
            role: 'settingValue',
            name: { text: v.kind === 'word' ? v.text : 'unbounded', range: v.range },
            setting: item.setting.text,
          });
      }
      break;
    case 'trigger':
      out.push({ role: 'state', name: item.state });
      actionWords(item.action, out);
      break;
    case 'step':
      actionWords(item.action, out);
      break;
    case 'loop':
      for (const entry of item.body) for (const w of roleWords(entry)) out.push(w);
      break;
    case 'expectOutcome':
      out.push({ role: 'outcome', name: item.outcome });
      break;
    case 'expectStatus':
      out.push({ role: 'variable', name: item.variable });
      break;
    case 'expectVerdict':
      out.push({ role: 'verdict', name: item.verdict });
      break;
    default:
      break;
  }
  return out;
}

function actionWords(action: A.Action, out: RoleWord[]): void {
  if (action.kind === 'set') settingWords(action.settings, action.server.text, out);
  // `change master r1 to m1 master_use_gtid=slave_pos`: CHANGE MASTER TO's options, as settings of the replica.
  if (action.kind === 'changeMaster') settingWords(action.options, action.replica.text, out);
}

function settingWords(settings: A.Setting[], server: string, out: RoleWord[]): void {
  for (const s of settings) {
    out.push({ role: 'setting', name: s.name, setting: s.name.text, server });
    const v = s.value;
    if (!v) continue;
    if (v.kind === 'flavor') out.push({ role: 'flavor', name: { text: v.text, range: v.range } });
    else if (v.kind === 'word' || v.kind === 'unbounded') {
      out.push({
        role: 'settingValue',
        name: { text: v.kind === 'word' ? v.text : 'unbounded', range: v.range },
        setting: s.name.text,
        server,
      });
    }
  }
}
