/** Syntax error messages in the words of the language, instead of chevrotain's defaults. */
import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';

const describedTokens: Record<string, string> = {
  Name: 'a name',
  Int: 'a whole number',
  Number: 'a number',
  Duration: 'a duration (such as 10ms)',
  Size: 'a size (such as 4KB)',
  String: 'a quoted string',
  Flavor: 'a flavor (mysql-5.5, mysql-5.7, mysql-8.0, mysql-8.4, mariadb-10.11)',
};

function describe(type: TokenType): string {
  return describedTokens[type.name] ?? type.LABEL ?? type.name;
}

function found(actual: IToken | undefined): string {
  if (!actual || actual.tokenType === EOF) return 'but the line ends here';
  return `but found '${actual.image}'`;
}

function oneOf(types: TokenType[]): string {
  const words = [...new Set(types.map(describe))];
  if (words.length === 1) return words[0];
  const shown = words.slice(0, 8);
  const more = words.length > shown.length ? ', …' : '';
  return `one of ${shown.join(', ')}${more}`;
}

export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `expected ${describe(expected)} ${found(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected '${firstRedundant.image}': the item is already complete (one item per line)`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const first = actual[0];
    if (ruleName === 'item') {
      return (
        `'${first?.image ?? ''}' does not start anything: expected a declaration (scenario, flavor, source, replica, ` +
        `link, table, client), a client step (NAME: sql), an operation (crash, restart, promote, …), a trigger (on …) or an expectation (expect …)`
      );
    }
    const starts = expectedPathsPerAlt.flatMap((paths) => paths.map((p) => p[0])).filter((t): t is TokenType => !!t);
    return `expected ${oneOf(starts)} ${found(first)}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual }) {
    const starts = expectedIterationPaths.map((p) => p[0]).filter((t): t is TokenType => !!t);
    return `expected ${oneOf(starts)} ${found(actual[0])}`;
  },
};
