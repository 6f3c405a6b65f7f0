/**
 * Hover: what the word under the cursor means. A name shows its declaration (a transaction its statements);
 * a setting, state, status variable, verdict, outcome, column type or flavor its MySQL meaning; a keyword its
 * meaning and default for the file's flavor.
 *
 * The answer is a list of markdown sections, so that other modules (the engine's run results, later) can add
 * sections of their own through a `HoverContributor` without touching this file.
 */
import { mdCode, mdCodeBlock, mdText } from './markdown';
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { Item, Position, Range } from '../language/ast';
import type { Analysis } from '../language/analyze';
import type { Declaration } from '../language/checker/context';
import { KEYWORD_DOCS, type KeywordDoc } from '../language/keyword-docs';
import { durationMicros, formatMicros, rateBytesPerSecond, sizeBytes } from '../language/literals';
import { innermostItemAt, itemAt, occurrences, roleWordAt, symbolAt, tokenAt, tokenEnd, tokenStart } from '../language/locate';
import type { RoleWord } from '../language/word-roles';
import { COLUMN_TYPE_DOCS, FLAVOR_DOCS, OUTCOME_DOCS, PRIVILEGE_DOCS, VERDICT_DOCS } from '../language/vocabulary-docs';
import { FLAVORS, type Flavor, type ServerConfig, type VerdictKind } from '../model/scenario';
import { crashSafetySummary } from '../model/crash-safety';
import { findSetting, wireTime, type SettingSpec } from '../model/settings';
import { findState, TXN_STATES } from '../model/states';
import { findStatusVariable, newStatusName } from '../model/status-variables';
import type { Feature, ServerContext } from '../server';
import { runHover } from './run-hover';
import { isKeyword } from '../language/tokens';
import { requestDocument, validPosition } from './params';
import { iterations } from '../language/expand-loops';

/** What a hover shows: markdown sections (joined by rules) for a range of the file. */
export interface HoverContent {
  range: Range;
  sections: string[];
}

/** What a contributor gets to add its sections. */
export interface HoverRequest {
  /** The document and the version the analysis is of. */
  uri: string;
  version: number;
  analysis: Analysis;
  position: Position;
  /** The top-level item under the cursor, if any. */
  item: Item | undefined;
  /** The text of a range of the document. */
  source: (range: Range) => string;
}

/** Adds sections to a hover (for example the engine's results for the step under the cursor). */
export type HoverContributor = (request: HoverRequest) => string[] | Promise<string[]>;

/** A contributor that answers at once (tests, and anything that needs no worker). */
export type SyncHoverContributor = (request: HoverRequest) => string[];

/** Makes a contributor once the server runs (a contributor may need the server's state, such as the runs). */
export type HoverContributorFactory = (ctx: ServerContext) => HoverContributor;

/** The sections this module knows for the position, or undefined where there is nothing to explain. */
export function hoverSections(analysis: Analysis, position: Position, source: (range: Range) => string): HoverContent | undefined {
  const symbol = symbolAt(analysis.symbols, position);
  if (symbol)
    return {
      range: symbol.reference.name.range,
      sections: declarationSections(analysis, symbol.declaration, symbol.isDeclaration, source),
    };

  const role = roleWordAt(analysis.parse.file.items, position);
  if (role) {
    const sections = roleSections(analysis, role.word);
    if (sections.length > 0) return { range: role.word.name.range, sections };
  }

  const token = tokenAt(analysis.parse.tokens, position);
  if (!token) return undefined;
  const range = { start: tokenStart(token), end: tokenEnd(token) };
  if (isKeyword(token.tokenType)) {
    const word = token.image.toLowerCase();
    const doc = KEYWORD_DOCS[word];
    return doc ? { range, sections: [keywordSection(word, doc, analysis.scenario.flavor)] } : undefined;
  }
  switch (token.tokenType.name) {
    case 'Flavor': {
      const flavor = token.image.toLowerCase();
      return (FLAVORS as readonly string[]).includes(flavor) ? { range, sections: [flavorSection(flavor as Flavor)] } : undefined;
    }
    case 'Duration':
      return { range, sections: [`duration: ${durationMicros(token.image).toLocaleString('en-US')} µs of virtual time`] };
    case 'Counter':
      return { range, sections: [counterSection(analysis.parse.file.items, position)] };
    case 'Size':
      return { range, sections: [`size: ${sizeBytes(token.image).toLocaleString('en-US')} bytes (1KB = 1024 bytes)`] };
    case 'Rate': {
      const rate = rateBytesPerSecond(token.image);
      return {
        range,
        sections: [
          `rate: ${rate.toLocaleString('en-US')} bytes per second (1KB = 1024 bytes): a 1 KB event takes ${formatMicros(wireTime(1024, rate))} on the wire`,
        ],
      };
    }
    default:
      return undefined;
  }
}

/** `$i`: the iteration number of the loop it stands in, or why it has none. */
function counterSection(items: readonly Item[], position: Position): string {
  const loop = itemAt(items, position);
  if (!loop || loop.kind !== 'loop')
    return '`$i`: the iteration number of a loop (`repeat N { … }`, `every D for S { … }`); outside a loop it has no value.';
  const n = iterations(loop);
  return `\`$i\`: the iteration number of this loop, 1 to ${n.toLocaleString('en-US')}: each iteration writes its number where \`$i\` stands, in the SQL values and in the statement's text.`;
}

/** The whole hover at a position: this module's sections, then each contributor's, as one markdown text. */
export function hoverAt(
  analysis: Analysis,
  position: Position,
  source: (range: Range) => string,
  contributors: readonly SyncHoverContributor[] = [],
  document: { uri: string; version: number } = { uri: '', version: 0 },
): { markdown: string; range: Range } | undefined {
  const own = hoverSections(analysis, position, source);
  const item = innermostItemAt(analysis.parse.file.items, position);
  const extra = contributors.flatMap((c) => c({ ...document, analysis, position, item, source }));
  return joinHover(own, item, extra);
}

function joinHover(own: HoverContent | undefined, item: Item | undefined, extra: string[]): { markdown: string; range: Range } | undefined {
  const sections = [...(own?.sections ?? []), ...extra];
  const range = own?.range ?? item?.range;
  if (sections.length === 0 || !range) return undefined;
  return { markdown: sections.join('\n\n---\n\n'), range };
}

/** Builds the hover feature; `contributors` add their sections after this module's. */
export function createHoverFeature(factories: readonly HoverContributorFactory[] = []): Feature {
  return {
    capabilities: { hoverProvider: true },
    register(ctx) {
      const contributors = factories.map((f) => f(ctx));
      ctx.connection.onHover(
        ctx.guard('hover', null, async (params: HoverParams): Promise<Hover | null> => {
          const document = requestDocument(ctx, params);
          const position = document && validPosition(document, params.position);
          if (!document || !position) return null;
          const analysis = ctx.analyses.get(document);
          const source = (range: Range) => document.getText(range);
          const item = innermostItemAt(analysis.parse.file.items, position);
          const request: HoverRequest = { uri: document.uri, version: document.version, analysis, position, item, source };
          const extra = (await Promise.all(contributors.map(async (c) => c(request)))).flat();
          const found = joinHover(hoverSections(analysis, position, source), item, extra);
          return found ? { contents: { kind: MarkupKind.Markdown, value: found.markdown }, range: found.range } : null;
        }),
      );
    },
  };
}

export const hover = createHoverFeature([runHover]);

// ---------------------------------------------------------------- names

const kindWords: Record<Declaration['kind'], string> = {
  server: 'server',
  client: 'client',
  table: 'table',
  column: 'column',
  txn: 'transaction',
  database: 'database',
};

function declarationSections(analysis: Analysis, d: Declaration, isDeclaration: boolean, source: (range: Range) => string): string[] {
  const line = d.range.start.line + 1;
  let where = `declared on line ${line}`;
  if (isDeclaration) {
    const uses = occurrences(analysis.symbols, d.key, false).length;
    where = `declared here, line ${line}; ${uses} reference${uses === 1 ? '' : 's'}`;
  }
  const header = `**${kindWords[d.kind]}** ${mdCode(d.name.text)} — ${mdText(d.detail || d.name.text)} (${where})`;
  const sections = [header];
  if (d.kind === 'txn') {
    sections.push(transactionSection(analysis, d));
  } else {
    sections.push(codeBlock(snippet(source(d.range))));
  }
  if (d.kind === 'server') {
    const summary = serverSummary(analysis, d.name.text);
    if (summary) sections.push(summary);
  }
  return sections;
}

function transactionSection(analysis: Analysis, d: Declaration): string {
  const plan = analysis.scenario.transactions.find((t) => t.id === d.name.text);
  const lines: string[] = [];
  if (d.implicit) lines.push(`An automatic name: name it with \`as NAME\` at the end of the step that ends it.`);
  if (plan?.retryOf) lines.push(`Sends ${mdText(plan.retryOf)}'s statements again, as a new transaction.`);
  if (plan && plan.statements.length > 0) {
    const width = plan.statements.reduce((w, s) => Math.max(w, s.text.length), 0);
    const body = plan.statements.map((s) => `${plan.client}: ${s.text.padEnd(width)}  # line ${s.line + 1}`).join('\n');
    lines.push(codeBlock(body));
  }
  return lines.join('\n\n');
}

/** The settings that matter most for replication, as the server will run with them. */
function serverSummary(analysis: Analysis, name: string): string | undefined {
  const s = analysis.scenario.servers.find((x) => x.name === name);
  if (!s) return undefined;
  const semisync = s.semisyncMaster
    ? `semi-sync on (${s.waitPoint}, timeout ${s.semisyncTimeout === null ? 'unbounded' : formatMicros(s.semisyncTimeout)}, ${s.waitForSlaveCount} ACK${s.waitForSlaveCount === 1 ? '' : 's'})`
    : s.semisyncSlave
      ? 'semi-sync replica side only'
      : 'semi-sync off';
  return [
    `${s.flavor}, server_id ${s.serverId}${s.sourceName ? `, replicates from ${mdText(s.sourceName)}` : ''}`,
    `${semisync}, sync_binlog=${s.syncBinlog}, innodb_flush_log_at_trx_commit=${s.innodbFlushLogAtTrxCommit}`,
    `binlog_format=${s.binlogFormat}, ${gtidSummary(s)}, log_slave_updates ${s.logSlaveUpdates ? 'on' : 'off'}`,
    ...(s.sourceName ? [crashSafetySummary(s)] : []),
  ].join('  \n');
}

/** MySQL: gtid on/off. MariaDB (GTIDs always written): the domain, MASTER_USE_GTID, and strict mode when on. */
function gtidSummary(s: ServerConfig): string {
  if (s.flavor !== 'mariadb-10.11') return `gtid ${s.gtidMode ? 'on' : 'off'}`;
  return (
    `gtid_domain_id=${s.gtidDomainId}, master_use_gtid=${s.gtidMode ? s.masterUseGtid : 'no'}` +
    (s.gtidStrictMode ? ', gtid_strict_mode on' : '')
  );
}

// ---------------------------------------------------------------- MySQL's words

function roleSections(analysis: Analysis, w: RoleWord): string[] {
  switch (w.role) {
    case 'setting':
    case 'settingValue': {
      const spec = findSetting(w.setting ?? w.name.text);
      if (!spec) return [];
      const flavor = analysis.scenario.servers.find((s) => s.name === w.server)?.flavor ?? analysis.scenario.flavor;
      const section = settingSection(spec, flavor);
      return w.role === 'settingValue' ? [`value ${mdCode(w.name.text)} of **${spec.name}**`, section] : [section];
    }
    case 'state': {
      const spec = findState(w.name.text);
      if (!spec) return [];
      const index = TXN_STATES.indexOf(spec) + 1;
      const where = spec.onReplica ? 'on a replica (add `by REPLICA` to choose which)' : 'on the source';
      return [`**state** \`${spec.name}\` — ${index} of ${TXN_STATES.length} in the pipeline, ${where}\n\n${spec.doc}`];
    }
    case 'variable': {
      const spec = findStatusVariable(w.name.text);
      const renamed = spec && newStatusName(spec.name);
      const alias = renamed ? ` · MySQL 8.0.22+ and 8.4 print \`${renamed}\` (SHOW REPLICA STATUS); either name may be written` : '';
      return spec
        ? [`**status variable** \`${spec.name}\` — ${spec.source}, ${spec.type === 'number' ? 'a number' : 'text'}${alias}\n\n${spec.doc}`]
        : [];
    }
    case 'verdict': {
      const doc = VERDICT_DOCS[w.name.text as VerdictKind] as string | undefined;
      return doc ? [`**verdict** ${mdCode(w.name.text)}\n\n${doc}`] : [];
    }
    case 'outcome': {
      const doc = OUTCOME_DOCS[w.name.text];
      return doc ? [`**outcome** ${mdCode(w.name.text)}\n\n${doc}`] : [];
    }
    case 'columnType': {
      const doc = COLUMN_TYPE_DOCS[w.name.text];
      return doc ? [`**column type** ${mdCode(w.name.text)}\n\n${doc}`] : [];
    }
    case 'flavor':
      return (FLAVORS as readonly string[]).includes(w.name.text) ? [flavorSection(w.name.text as Flavor)] : [];
    case 'privilege': {
      const doc = PRIVILEGE_DOCS[w.name.text.toLowerCase()];
      return doc ? [`**privilege** ${mdCode(w.name.text)}\n\n${doc}`] : [];
    }
  }
}

/** A setting in MySQL's terms: its variable, its values and its default for the flavor. */
export function settingSection(spec: SettingSpec, flavor: Flavor): string {
  const mysql = spec.mysqlName === spec.name ? `MySQL variable \`${spec.mysqlName}\`` : `MySQL: \`${spec.mysqlName}\``;
  const simulated = ['fsync_latency', 'apply_latency', 'statement_latency'].includes(spec.name);
  return [
    `**setting** \`${spec.name}\` — ${simulated ? 'a simulation parameter (no MySQL variable)' : mysql}`,
    spec.doc,
    `Values: ${settingValues(spec)}. Default (${flavor}): \`${spec.defaultText(flavor)}\`.`,
  ].join('\n\n');
}

/** The values a setting takes, in words. */
export function settingValues(spec: SettingSpec): string {
  switch (spec.kind) {
    case 'bool':
      return '`on`, `off`, or the bare name for on';
    case 'int':
      return `a whole number, ${spec.min ?? 0} … ${spec.max ?? '∞'}`;
    case 'duration':
      return `a duration (\`250us\`, \`10ms\`, \`2s\`)${spec.unbounded ? ', or `unbounded`' : ''}`;
    case 'size':
      return `a size (\`4096\`, \`4KB\`, \`16MB\`, \`1GB\`), ${spec.min ?? 0} … ${spec.max ?? '∞'} bytes`;
    case 'enum':
      return (spec.values ?? []).map((v) => `\`${v}\``).join(', ');
    case 'flavor':
      return FLAVORS.map((f) => `\`${f}\``).join(', ');
    case 'string':
      return 'a quoted string';
    case 'errors':
      return "error codes (`1062`, `'1062,1032'`), `all`, or `off`";
  }
}

function flavorSection(flavor: Flavor): string {
  const dependent = ['wait_point', 'sync_binlog', 'binlog_format', 'gtid', 'log_slave_updates', 'relay_log_info_repository'];
  const defaults = dependent.map((n) => `${n}=${findSetting(n)?.defaultText(flavor) ?? '?'}`).join(', ');
  return `**flavor** \`${flavor}\`\n\n${FLAVOR_DOCS[flavor]}\n\nDefaults: ${defaults}.`;
}

function keywordSection(word: string, doc: KeywordDoc, flavor: Flavor): string {
  const parts = [`**keyword** \`${word}\``, codeBlock(doc.usage), doc.doc];
  const differs = doc.flavorText?.(flavor);
  if (differs) parts.push(`On ${flavor}: ${differs}`);
  if (doc.defaultText) parts.push(`Default (${flavor}): ${doc.defaultText(flavor)}.`);
  return parts.join('\n\n');
}

// ---------------------------------------------------------------- markdown

/** A code block that no line of `text` can close (a statement may hold backticks). */
function codeBlock(text: string): string {
  return mdCodeBlock(text);
}

/** A declaration's text, at most a few lines (a long table stays readable). */
function snippet(text: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  return lines.length > 8 ? [...lines.slice(0, 7), '…'].join('\n') : text;
}
