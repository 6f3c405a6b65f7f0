/**
 * What every check shares: the diagnostics it reports and the symbol table it fills. The symbol table records
 * each declaration and each reference by a key such as `server:m1` or `column:t.v`, which is all that go to
 * definition, find references, rename and hover need.
 */
import type { Name, Range } from '../ast';
import type { IssueCode, ReplDiagnostic } from '../diagnostic';
import { closest } from './closest';

export type SymbolKind = 'server' | 'client' | 'table' | 'column' | 'txn' | 'database';

export interface Declaration {
  key: string;
  kind: SymbolKind;
  name: Name;
  /** The whole declaring construct (for the outline and hovers). */
  range: Range;
  /** A one-line description for hovers: `replica r1 of m1`, `column v varchar(20)`. */
  detail: string;
  /** Not written in the file: an automatic transaction name (`T1`); `name` is then where it begins. */
  implicit?: boolean;
}

export interface Reference {
  key: string;
  name: Name;
}

export interface SymbolTable {
  declarations: Map<string, Declaration>;
  references: Reference[];
}

export const symbolKey = (kind: SymbolKind, name: string): string => `${kind}:${name}`;

export class CheckContext {
  readonly diagnostics: ReplDiagnostic[] = [];
  readonly symbols: SymbolTable = { declarations: new Map(), references: [] };

  report(code: IssueCode, severity: ReplDiagnostic['severity'], range: Range, message: string, suggestion?: string): void {
    this.diagnostics.push({ code, severity, range, message, ...(suggestion !== undefined ? { suggestion } : {}) });
  }

  error(code: IssueCode, range: Range, message: string, suggestion?: string): void {
    this.report(code, 'error', range, message, suggestion);
  }

  warning(code: IssueCode, range: Range, message: string): void {
    this.report(code, 'warning', range, message);
  }

  /** Declares a name; a second declaration of the same key is an error on the second. Returns false then. */
  declare(kind: SymbolKind, name: Name, range: Range, detail: string, key = symbolKey(kind, name.text)): boolean {
    const previous = this.symbols.declarations.get(key);
    if (previous) {
      this.error(
        'duplicate-name',
        name.range,
        `${kind === 'txn' ? 'transaction' : kind} '${name.text}' is already declared on line ${previous.name.range.start.line + 1}`,
      );
      return false;
    }
    this.symbols.declarations.set(key, { key, kind, name, range, detail });
    this.symbols.references.push({ key, name });
    return true;
  }

  isDeclared(kind: SymbolKind, text: string): boolean {
    return this.symbols.declarations.has(symbolKey(kind, text));
  }

  /** Resolves a reference to one of `kinds`; reports an unknown name with the closest declared one. */
  resolve(name: Name, kinds: SymbolKind[], what: string, scope?: string): SymbolKind | undefined {
    for (const kind of kinds) {
      const key = scope ? `${kind}:${scope}.${name.text}` : symbolKey(kind, name.text);
      if (this.symbols.declarations.has(key)) {
        this.symbols.references.push({ key, name });
        return kind;
      }
    }
    const other = this.kindOf(name.text);
    if (other && !kinds.includes(other) && !scope) {
      this.error('wrong-kind', name.range, `'${name.text}' is a ${other === 'txn' ? 'transaction' : other}, not a ${what}`);
      return undefined;
    }
    const candidates = [...this.symbols.declarations.values()]
      .filter((d) => kinds.includes(d.kind) && (!scope || d.key.startsWith(`${d.kind}:${scope}.`)))
      .map((d) => d.name.text);
    const suggestion = closest(name.text, candidates);
    const where = scope ? ` in table ${scope}` : '';
    this.error(
      'unknown-name',
      name.range,
      `unknown ${what} '${name.text}'${where}${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
      suggestion,
    );
    return undefined;
  }

  private kindOf(text: string): SymbolKind | undefined {
    for (const kind of ['server', 'client', 'txn', 'table'] as const) {
      if (this.isDeclared(kind, text)) return kind;
    }
    return undefined;
  }
}
