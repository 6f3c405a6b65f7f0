/**
 * What every check shares: the diagnostics it reports and the symbol table it fills. The symbol table records
 * each declaration and each reference by a key such as `server:m1` or `column:t.v`, which is all that go to
 * definition, find references, rename and hover need.
 */
import type { Name, Range } from '../ast';
import { boundedMessage, type IssueCode, type ReplDiagnostic } from '../diagnostic';
import { closest, maxSuggestionLength } from './closest';

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

/** How many candidate names all the did-you-mean suggestions of one check may compare, together. */
const maxSuggestionWork = 200_000;

export class CheckContext {
  readonly diagnostics: ReplDiagnostic[] = [];
  readonly symbols: SymbolTable = { declarations: new Map(), references: [] };
  /** The declarations of each kind, in order (the candidates of a suggestion). */
  private readonly declared = new Map<SymbolKind, Declaration[]>();
  private suggestionWork = 0;

  /** The problems already reported: a loop's body is checked once per iteration, and says each problem once. */
  private readonly reported = new Set<string>();

  report(code: IssueCode, severity: ReplDiagnostic['severity'], range: Range, message: string, suggestion?: string): void {
    const key = `${code}|${severity}|${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}|${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.diagnostics.push({ code, severity, range, message: boundedMessage(message), ...(suggestion !== undefined ? { suggestion } : {}) });
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
    this.record({ key, kind, name, range, detail });
    this.symbols.references.push({ key, name });
    return true;
  }

  /**
   * A name a DDL statement declares, which an earlier declaration or DDL may already have declared (a table dropped and
   * created again, a column added back): the first one stays the declaration, the later ones are references to it.
   */
  declareOrReference(kind: SymbolKind, name: Name, range: Range, detail: string, key = symbolKey(kind, name.text)): boolean {
    if (this.symbols.declarations.has(key)) {
      this.symbols.references.push({ key, name });
      return true;
    }
    return this.declare(kind, name, range, detail, key);
  }

  /** A name the file does not write (an automatic transaction name): declared, but not a reference. */
  declareImplicit(declaration: Declaration): void {
    this.record(declaration);
  }

  private record(declaration: Declaration): void {
    this.symbols.declarations.set(declaration.key, declaration);
    const ofKind = this.declared.get(declaration.kind);
    if (ofKind) ofKind.push(declaration);
    else this.declared.set(declaration.kind, [declaration]);
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
    const suggestion = this.suggest(name.text, kinds, scope);
    const where = scope ? ` in table ${scope}` : '';
    this.error(
      'unknown-name',
      name.range,
      `unknown ${what} '${name.text}'${where}${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
      suggestion,
    );
    return undefined;
  }

  /**
   * A did-you-mean among the declared names of these kinds, within a budget for the whole check: 20,000 references
   * to unknown names in a file of 20,000 servers would otherwise compare every pair.
   */
  private suggest(text: string, kinds: SymbolKind[], scope: string | undefined): string | undefined {
    if (text.length > maxSuggestionLength) return undefined;
    for (const kind of kinds) this.suggestionWork += this.declared.get(kind)?.length ?? 0;
    if (this.suggestionWork > maxSuggestionWork) return undefined;
    const candidates: string[] = [];
    for (const kind of kinds) {
      for (const d of this.declared.get(kind) ?? []) if (!scope || d.key.startsWith(`${kind}:${scope}.`)) candidates.push(d.name.text);
    }
    return closest(text, candidates);
  }

  private kindOf(text: string): SymbolKind | undefined {
    for (const kind of ['server', 'client', 'txn', 'table'] as const) {
      if (this.isDeclared(kind, text)) return kind;
    }
    return undefined;
  }
}
