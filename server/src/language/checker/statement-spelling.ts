/**
 * Which spelling of START/STOP/RESET SLAVE a server's flavor takes (issue 11, item 14). MySQL 8.0.22 added
 * START REPLICA, STOP REPLICA and RESET REPLICA and deprecated the SLAVE words; 8.4 removed them (a syntax error).
 * MySQL 5.5 and 5.7 know only SLAVE. MariaDB takes both since 10.5.1. The language's own `start r1`, `stop r1` say
 * neither word and suit every flavor.
 */
import type { Flavor } from '../../model/scenario';

export type SpelledStatement = 'START' | 'STOP' | 'RESET';

/** CHANGE REPLICATION SOURCE TO is MySQL 8.0.23+'s: MariaDB and MySQL 5.x know only CHANGE MASTER TO. */
export function unknownChangeSourceSpelling(flavor: Flavor | undefined): { message: string; suggestion: string } | undefined {
  if (flavor === 'mariadb-10.11') return { message: 'MariaDB has no CHANGE REPLICATION SOURCE TO: CHANGE MASTER TO', suggestion: 'master' };
  if (flavor === 'mysql-5.5' || flavor === 'mysql-5.7')
    return {
      message: `MySQL ${flavor.slice('mysql-'.length)} has no CHANGE REPLICATION SOURCE TO (MySQL 8.0.23+): CHANGE MASTER TO`,
      suggestion: 'master',
    };
  return undefined;
}

/** The word the flavor needs instead of `written` (`slave` or `replica`), with why; undefined when `written` is taken. */
export function unknownSpelling(
  flavor: Flavor | undefined,
  statement: SpelledStatement,
  written: string,
): { message: string; suggestion: string } | undefined {
  const word = written.toLowerCase();
  if (word === 'slave' && flavor === 'mysql-8.4')
    return { message: `MySQL 8.4 has no ${statement} SLAVE: ${statement} REPLICA`, suggestion: 'replica' };
  if (word === 'replica' && (flavor === 'mysql-5.5' || flavor === 'mysql-5.7'))
    return {
      message: `MySQL ${flavor.slice('mysql-'.length)} has no ${statement} REPLICA (MySQL 8.0.22+): ${statement} SLAVE`,
      suggestion: 'slave',
    };
  return undefined;
}
