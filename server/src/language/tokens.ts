/**
 * The `.repl` lexer. Keywords are case-insensitive and recognised only as whole words, so `sourced` is a name and
 * `SOURCE` a keyword: `tokenize` matches a word as a Name and looks it up among the keywords.
 */
import { createToken, Lexer, type ILexingResult, type TokenType } from 'chevrotain';

export const Name = createToken({ name: 'Name', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

/** Every keyword, by its lower-case spelling. */
export const keywords: Record<string, TokenType> = {};

function keyword(word: string): TokenType {
  const token = createToken({
    name: `Kw_${word}`,
    label: `'${word}'`,
    pattern: new RegExp(`${word}\\b`, 'i'),
    longer_alt: Name,
  });
  keywords[word] = token;
  return token;
}

// Declarations
export const Scenario = keyword('scenario');
export const FlavorKw = keyword('flavor');
export const Seed = keyword('seed');
export const Database = keyword('database');
export const Source = keyword('source');
export const Replica = keyword('replica');
export const Of = keyword('of');
export const Link = keyword('link');
export const Latency = keyword('latency');
export const Jitter = keyword('jitter');
export const Bandwidth = keyword('bandwidth');
export const Down = keyword('down');
export const Table = keyword('table');
export const Primary = keyword('primary');
export const Key = keyword('key');
export const Not = keyword('not');
export const Client = keyword('client');
export const On = keyword('on');
// Script
export const By = keyword('by');
export const At = keyword('at');
export const After = keyword('after');
export const As = keyword('as');
export const Nowait = keyword('nowait');
export const Crash = keyword('crash');
export const Process = keyword('process');
export const Host = keyword('host');
export const Restart = keyword('restart');
export const Shutdown = keyword('shutdown');
export const Promote = keyword('promote');
export const Change = keyword('change');
export const Master = keyword('master');
export const Slave = keyword('slave');
export const To = keyword('to');
export const From = keyword('from');
export const Binlog = keyword('binlog');
export const StartKw = keyword('start');
export const End = keyword('end');
export const AutoPosition = keyword('auto_position');
export const Stop = keyword('stop');
export const IoThread = keyword('io_thread');
export const SqlThread = keyword('sql_thread');
export const Partition = keyword('partition');
export const Heal = keyword('heal');
export const Kill = keyword('kill');
export const Reconnects = keyword('reconnects');
export const Reset = keyword('reset');
export const Channel = keyword('channel');
export const SetKw = keyword('set');
export const Wait = keyword('wait');
export const Until = keyword('until');
export const Caught = keyword('caught');
export const Up = keyword('up');
export const Flush = keyword('flush');
export const Status = keyword('status');
export const Unbounded = keyword('unbounded');
// Binlog operations (PURGE BINARY LOGS, FLUSH BINARY LOGS)
export const Purge = keyword('purge');
export const BinaryKw = keyword('binary');
export const Logs = keyword('logs');
export const Before = keyword('before');
// MySQL's empty transaction for a GTID: `inject empty transaction 'uuid:5' on r1`
export const Inject = keyword('inject');
export const Empty = keyword('empty');
// SQL
export const Insert = keyword('insert');
export const Into = keyword('into');
export const Values = keyword('values');
export const Update = keyword('update');
export const Delete = keyword('delete');
export const Select = keyword('select');
export const Count = keyword('count');
export const Where = keyword('where');
export const And = keyword('and');
export const In = keyword('in');
export const For = keyword('for');
export const Begin = keyword('begin');
export const Transaction = keyword('transaction');
export const Commit = keyword('commit');
export const Rollback = keyword('rollback');
export const Retry = keyword('retry');
export const Null = keyword('null');
// Idempotent and generated SQL (insert ignore, replace, on duplicate key update, auto_increment columns)
export const Ignore = keyword('ignore');
export const Replace = keyword('replace');
export const Duplicate = keyword('duplicate');
export const AutoIncrement = keyword('auto_increment');
// DDL (create table, alter table … add/drop column, drop table, truncate table, create index)
export const Create = keyword('create');
export const Drop = keyword('drop');
export const Alter = keyword('alter');
export const Truncate = keyword('truncate');
export const Add = keyword('add');
export const Column = keyword('column');
export const Index = keyword('index');
// Expectations
export const Expect = keyword('expect');
export const Outcome = keyword('outcome');
export const Has = keyword('has');
export const Lacks = keyword('lacks');
export const Replication = keyword('replication');
export const Running = keyword('running');
export const ErrorKw = keyword('error');
export const No = keyword('no');
export const Always = keyword('always');
// Exploration (explore/)
export const Explore = keyword('explore');
// Loops and time (expand-loops.ts): `repeat 5 { … }`, `every 1s for 10s { … }`, `$i` and `now()` in SQL values
export const Repeat = keyword('repeat');
export const Every = keyword('every');
export const Now = keyword('now');

// Literals. Order matters: durations and sizes before plain numbers, flavors before names.
export const Duration = createToken({ name: 'Duration', pattern: /\d+(?:\.\d+)?(?:us|ms|s)\b/ });
export const Rate = createToken({ name: 'Rate', pattern: /\d+(?:\.\d+)?(?:B|KB|MB|GB)\/s\b/i });
export const Size = createToken({ name: 'Size', pattern: /\d+(?:KB|MB|GB)\b/i });
export const NumberLit = createToken({ name: 'Number', pattern: /\d+\.\d+/ });
export const Int = createToken({ name: 'Int', pattern: /\d+/ });
export const FlavorLit = createToken({ name: 'Flavor', pattern: /(?:mysql|mariadb)-\d+(?:\.\d+)*/i });
// No line break of any kind (LF, CR, CRLF) inside a string: LSP counts a lone CR as a line break, so a string
// holding one would put every later position on the wrong line.
export const StringLit = createToken({ name: 'String', pattern: /'(?:[^'\n\r]|'')*'|"(?:[^"\n\r]|"")*"/ });

/** `$i`: the iteration number of the loop a statement is repeated by (1, 2, …). */
export const Counter = createToken({ name: 'Counter', pattern: /\$i\b/, label: "'$i'" });

// Punctuation
export const Arrow = createToken({ name: 'Arrow', pattern: /->/, label: "'->'" });
export const NotEquals = createToken({ name: 'NotEquals', pattern: /!=|<>/, label: "'!='" });
export const LessEquals = createToken({ name: 'LessEquals', pattern: /<=/, label: "'<='" });
export const GreaterEquals = createToken({ name: 'GreaterEquals', pattern: />=/, label: "'>='" });
export const Less = createToken({ name: 'Less', pattern: /</, label: "'<'" });
export const Greater = createToken({ name: 'Greater', pattern: />/, label: "'>'" });
export const Equals = createToken({ name: 'Equals', pattern: /=/, label: "'='" });
export const Plus = createToken({ name: 'Plus', pattern: /\+/, label: "'+'" });
export const Minus = createToken({ name: 'Minus', pattern: /-/, label: "'-'" });
export const Star = createToken({ name: 'Star', pattern: /\*/, label: "'*'" });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });
export const LBrace = createToken({ name: 'LBrace', pattern: /\{/, label: "'{'" });
export const RBrace = createToken({ name: 'RBrace', pattern: /\}/, label: "'}'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/, label: "';'" });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: "':'" });
export const Dot = createToken({ name: 'Dot', pattern: /\./, label: "'.'" });

export const Comment = createToken({ name: 'Comment', pattern: /#[^\n\r]*/, group: 'comments' });
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });

export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  Duration,
  Rate,
  Size,
  NumberLit,
  Int,
  FlavorLit,
  StringLit,
  Counter,
  Arrow,
  NotEquals,
  LessEquals,
  GreaterEquals,
  Less,
  Greater,
  Equals,
  Plus,
  Minus,
  Star,
  LParen,
  RParen,
  LBrace,
  RBrace,
  Comma,
  Semicolon,
  Colon,
  Dot,
  ...Object.values(keywords),
  Name,
];

/**
 * The lexer proper knows no keyword: a word is a Name, and `tokenize` turns the Names that spell a keyword into it by
 * one lookup. The result is what the keyword tokens with `longer_alt: Name` give (a keyword only as a whole word), but
 * a word is matched once instead of against every keyword sharing its first letter.
 */
const wordLexer = new Lexer(
  allTokens.filter((t) => !isKeyword(t)),
  { ensureOptimizations: true, positionTracking: 'full' },
);

const keywordByWord = new Map(Object.entries(keywords));

/** Tokenizes `.repl` text: tokens (keywords recognised), comments and errors, as chevrotain's lexer returns them. */
export function tokenize(text: string): ILexingResult {
  const lexed = wordLexer.tokenize(text);
  for (const token of lexed.tokens) {
    if (token.tokenType !== Name) continue;
    const keyword = keywordByWord.get(token.image.toLowerCase());
    if (keyword) {
      token.tokenType = keyword;
      token.tokenTypeIdx = keyword.tokenTypeIdx!;
    }
  }
  return lexed;
}

/** The lexer, as the parts that tokenize text use it. */
export const replLexer = { tokenize };

/** True for a keyword token type (used by completion and semantic tokens). */
export function isKeyword(type: TokenType): boolean {
  return type.name.startsWith('Kw_');
}
