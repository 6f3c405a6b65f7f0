/**
 * The checker: from the syntax tree to the checked scenario the engine runs, with every problem reported on
 * the range it concerns. Errors are what MySQL would refuse or what cannot happen; warnings are doubtful but
 * possible settings, each with its reason.
 */
import type { ReplFile } from '../ast';
import type { ReplDiagnostic } from '../diagnostic';
import { expandLoops } from '../expand-loops';
import type { Scenario } from '../../model/scenario';
import { CheckContext, type SymbolTable } from './context';
import { checkExploration } from './explore';
import { checkNumbers, checkScriptReach } from './numbers';
import { checkTables } from './schema';
import { checkScript } from './script';
import { checkTopology } from './topology';
import { groupTransactions } from './transactions';

export interface CheckResult {
  scenario: Scenario;
  diagnostics: ReplDiagnostic[];
  symbols: SymbolTable;
}

export function checkRepl(file: ReplFile): CheckResult {
  const ctx = new CheckContext();
  checkNumbers(ctx, file.items);
  // Loops first: everything below sees their iterations as plain steps.
  const expansion = expandLoops(file.items);
  for (const p of expansion.problems)
    if (p.severity === 'error') ctx.error(p.code, p.range, p.message);
    else ctx.warning(p.code, p.range, p.message);
  const items = expansion.items;
  const topology = checkTopology(ctx, items);
  const tables = checkTables(ctx, items, topology.database);
  const clientServers = new Map(topology.clients.map((c) => [c.name, c.server]));
  const index = groupTransactions(ctx, items, tables, clientServers, topology.database);
  const { script, triggers } = checkScript(ctx, { items, servers: topology.servers, tables, index });
  const exploration = checkExploration(ctx, items, topology.flavor);
  checkScriptReach(ctx, script);
  if (topology.servers.length === 0 && items.length > 0) {
    const first = items[0];
    if (first) ctx.warning('missing-declaration', first.range, 'no server is declared: add `source NAME { }`');
  }
  return {
    scenario: {
      ...topology,
      tables,
      transactions: index.transactions,
      script,
      triggers,
      ...(exploration.vary.length > 0 ? { vary: exploration.vary } : {}),
      ...(exploration.properties.length > 0 ? { properties: exploration.properties } : {}),
    },
    diagnostics: ctx.diagnostics,
    symbols: ctx.symbols,
  };
}
