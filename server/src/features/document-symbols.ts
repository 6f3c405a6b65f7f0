/**
 * The outline: the scenario and its settings of the whole file, then servers (with their settings), links,
 * tables (with their columns) and clients, then the script — steps, triggers and expectations in file order —
 * and last the expectations checked at the end of the run.
 */
import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver';
import type * as A from '../language/ast';
import type { Analysis } from '../language/analyze';
import { span } from '../language/build-ast';
import { formatMicros } from '../language/literals';
import type { Feature } from '../server';
import { requestDocument } from './params';

/** The outline of an analysed file; `source` gives the text of a range (for step names). */
export function outline(analysis: Analysis, source: (range: A.Range) => string): DocumentSymbol[] {
  const items = analysis.parse.file.items;
  const lastStep = items.reduce((last, item, i) => (item.kind === 'step' ? i : last), -1);
  const txnOf = transactionsByLine(analysis);
  const top: DocumentSymbol[] = [];
  const script: DocumentSymbol[] = [];
  const atEnd: DocumentSymbol[] = [];
  items.forEach((item, i) => {
    switch (item.kind) {
      case 'scenario':
        top.push(symbol(`scenario "${item.title}"`, SymbolKind.File, item.range, item.range));
        break;
      case 'flavor':
        top.push(symbol(`flavor ${item.flavor.text}`, SymbolKind.Constant, item.range, item.flavor.range));
        break;
      case 'seed':
        top.push(symbol(`seed ${item.seed}`, SymbolKind.Constant, item.range, item.range));
        break;
      case 'database':
        top.push(symbol(item.name.text, SymbolKind.Namespace, item.range, item.name.range, 'database'));
        break;
      case 'server':
        top.push(
          symbol(
            item.name.text,
            SymbolKind.Module,
            item.range,
            item.name.range,
            item.role === 'source' ? 'source' : `replica of ${item.of?.text ?? '?'}`,
            item.settings.map(settingSymbol),
          ),
        );
        break;
      case 'link':
        top.push(
          symbol(`${item.from.text} -> ${item.to.text}`, SymbolKind.Interface, item.range, span(item.from.range, item.to.range), 'link'),
        );
        break;
      case 'table':
        top.push(
          symbol(
            item.name.text,
            SymbolKind.Struct,
            item.range,
            item.name.range,
            'table',
            item.columns.map((c) =>
              symbol(
                c.name.text,
                SymbolKind.Field,
                c.range,
                c.name.range,
                `${c.type.text}${c.length !== undefined ? `(${c.length})` : ''}`,
              ),
            ),
          ),
        );
        break;
      case 'client':
        top.push(symbol(item.name.text, SymbolKind.Variable, item.range, item.name.range, `client on ${item.server.text}`));
        break;
      case 'step':
      case 'trigger': {
        const kind =
          item.kind === 'trigger' ? SymbolKind.Event : item.action.kind === 'clientStep' ? SymbolKind.Method : SymbolKind.Function;
        script.push(symbol(oneLine(source(item.range)), kind, item.range, item.range, txnOf.get(item.range.start.line)));
        break;
      }
      default:
        (i > lastStep ? atEnd : script).push(symbol(oneLine(source(item.range)), SymbolKind.Boolean, item.range, item.range));
    }
  });
  if (script.length > 0) top.push(group('script', script));
  if (atEnd.length > 0) top.push(group('at the end', atEnd));
  return top;
}

function settingSymbol(s: A.Setting): DocumentSymbol {
  const value = s.value ? valueText(s.value) : 'on';
  return symbol(s.name.text, SymbolKind.Property, s.range, s.name.range, value);
}

function valueText(v: A.Value): string {
  switch (v.kind) {
    case 'int':
      return String(v.value);
    case 'duration':
      return formatMicros(v.micros);
    case 'size':
      return `${v.bytes} bytes`;
    case 'unbounded':
      return 'unbounded';
    default:
      return v.text;
  }
}

/** The transactions a line's statements belong to (`T2`, `T3`), as the detail of a step. */
function transactionsByLine(analysis: Analysis): Map<number, string> {
  const byLine = new Map<number, Set<string>>();
  for (const t of analysis.scenario.transactions) {
    for (const s of t.statements) {
      const set = byLine.get(s.line) ?? new Set<string>();
      set.add(t.id);
      byLine.set(s.line, set);
    }
  }
  return new Map([...byLine].map(([line, ids]) => [line, [...ids].join(', ')]));
}

function symbol(
  name: string,
  kind: SymbolKind,
  range: A.Range,
  selectionRange: A.Range,
  detail?: string,
  children?: DocumentSymbol[],
): DocumentSymbol {
  return {
    name: name || '?',
    kind,
    range,
    selectionRange,
    ...(detail ? { detail } : {}),
    ...(children && children.length > 0 ? { children } : {}),
  };
}

/** A heading that spans its children. */
function group(name: string, children: DocumentSymbol[]): DocumentSymbol {
  const first = children[0];
  const last = children[children.length - 1];
  const range = span(first.range, last.range);
  return symbol(
    name,
    SymbolKind.Namespace,
    range,
    first.selectionRange,
    `${children.length} item${children.length === 1 ? '' : 's'}`,
    children,
  );
}

/** A construct's text on one line, shortened for the outline. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}

export const documentSymbols: Feature = {
  capabilities: { documentSymbolProvider: { label: 'ReplScope' } },
  register(ctx) {
    ctx.connection.onDocumentSymbol(
      ctx.guard('documentSymbol', [], (params: DocumentSymbolParams): DocumentSymbol[] => {
        const document = requestDocument(ctx, params);
        if (!document) return [];
        return outline(ctx.analyses.get(document), (range) => document.getText(range));
      }),
    );
  },
};
