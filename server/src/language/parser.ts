/**
 * The `.repl` grammar as a chevrotain `CstParser`. `docs/language.md` has the same grammar in EBNF.
 *
 * The file is line-oriented: `split-items.ts` cuts the token stream into items (a line, plus the lines that a
 * `{ … }` or `( … )` carries on) and each item is parsed on its own by the rule `item`. A mistake therefore stays
 * inside its item and the rest of the file is still parsed and checked; within an item, chevrotain's recovery
 * keeps whatever it could recognise.
 */
import { CstParser, type CstNode, type IToken } from 'chevrotain';
import { errorMessages } from './parse-messages';
import * as T from './tokens';

class ReplParser extends CstParser {
  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 4,
      nodeLocationTracking: 'full',
      errorMessageProvider: errorMessages,
    });
    this.performSelfAnalysis();
  }

  public item = this.RULE('item', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.scenarioDecl) },
      { ALT: () => this.SUBRULE(this.flavorDecl) },
      { ALT: () => this.SUBRULE(this.seedDecl) },
      { ALT: () => this.SUBRULE(this.databaseDecl) },
      { ALT: () => this.SUBRULE(this.serverDecl) },
      { ALT: () => this.SUBRULE(this.linkDecl) },
      { ALT: () => this.SUBRULE(this.tableDecl) },
      { ALT: () => this.SUBRULE(this.clientDecl) },
      { ALT: () => this.SUBRULE(this.trigger) },
      { ALT: () => this.SUBRULE(this.exploreDecl) },
      { ALT: () => this.SUBRULE(this.expectation) },
      { ALT: () => this.SUBRULE(this.loop) },
      { ALT: () => this.SUBRULE(this.step) },
    ]);
  });

  /**
   * `repeat 5 { … }` / `every 100ms for 2s { … }`: the steps between the braces, once per iteration (expand-loops.ts).
   * The body is any step, and a loop inside a loop too, so that the checker can say why one is not allowed.
   */
  private loop = this.RULE('loop', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Repeat);
          this.CONSUME(T.Int, { LABEL: 'count' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Every);
          this.CONSUME(T.Duration, { LABEL: 'period' });
          this.CONSUME(T.For);
          this.CONSUME2(T.Duration, { LABEL: 'span' });
        },
      },
    ]);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.OR2([{ ALT: () => this.SUBRULE(this.loop) }, { ALT: () => this.SUBRULE(this.step) }]));
    this.CONSUME(T.RBrace);
  });

  private scenarioDecl = this.RULE('scenarioDecl', () => {
    this.CONSUME(T.Scenario);
    this.CONSUME(T.StringLit);
  });

  private flavorDecl = this.RULE('flavorDecl', () => {
    this.CONSUME(T.FlavorKw);
    this.CONSUME(T.FlavorLit);
  });

  private seedDecl = this.RULE('seedDecl', () => {
    this.CONSUME(T.Seed);
    this.CONSUME(T.Int);
  });

  private databaseDecl = this.RULE('databaseDecl', () => {
    this.CONSUME(T.Database);
    this.CONSUME(T.Name);
    this.OPTION(() => {
      this.CONSUME(T.In);
      this.CONSUME(T.Binlog);
    });
  });

  private serverDecl = this.RULE('serverDecl', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Source);
          this.CONSUME(T.Name, { LABEL: 'name' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Replica);
          this.CONSUME2(T.Name, { LABEL: 'name' });
          this.CONSUME(T.Of);
          // `replica r1 of m1, m2 for channel c2`: a multi-source replica, one replication channel per source.
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.channelSource) });
        },
      },
    ]);
    this.OPTION(() => this.SUBRULE(this.settingsBlock));
  });

  private channelSource = this.RULE('channelSource', () => {
    this.CONSUME(T.Name, { LABEL: 'of' });
    this.OPTION(() => this.SUBRULE(this.forChannel));
  });

  /** `for channel c2`: MySQL's FOR CHANNEL 'c2', MariaDB's connection name (CHANGE MASTER 'c2' TO, START SLAVE 'c2'). */
  private forChannel = this.RULE('forChannel', () => {
    this.CONSUME(T.For);
    this.CONSUME(T.Channel);
    this.CONSUME(T.Name, { LABEL: 'channel' });
  });

  private settingsBlock = this.RULE('settingsBlock', () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.SUBRULE(this.setting);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RBrace);
  });

  private setting = this.RULE('setting', () => {
    // `flavor` is a keyword (the file's `flavor` line) and also a server setting (`{ flavor=mysql-5.7 }`).
    this.OR([{ ALT: () => this.CONSUME(T.Name, { LABEL: 'name' }) }, { ALT: () => this.CONSUME(T.FlavorKw, { LABEL: 'name' }) }]);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.value);
    });
  });

  private value = this.RULE('value', () => {
    this.OR([
      {
        // A sign is accepted so that the checker can say why a negative value is wrong.
        ALT: () => {
          this.CONSUME(T.Minus);
          this.OR2([{ ALT: () => this.CONSUME2(T.Int) }, { ALT: () => this.CONSUME2(T.Duration) }]);
        },
      },
      { ALT: () => this.CONSUME(T.Duration) },
      { ALT: () => this.CONSUME(T.Size) },
      { ALT: () => this.CONSUME(T.Int) },
      { ALT: () => this.CONSUME(T.StringLit) },
      { ALT: () => this.CONSUME(T.FlavorLit) },
      { ALT: () => this.CONSUME(T.Name) },
      { ALT: () => this.CONSUME(T.On) },
      { ALT: () => this.CONSUME(T.Unbounded) },
      // `expect r1 Slave_IO_Running = No`, `expect r1 Seconds_Behind_Master = NULL`: MySQL's own words, keywords here.
      { ALT: () => this.CONSUME(T.No) },
      { ALT: () => this.CONSUME(T.Null) },
      // `relay_log_info_repository=TABLE`: MySQL's word, a keyword here.
      { ALT: () => this.CONSUME(T.Table) },
    ]);
  });

  /** `explore wait_point in (after_sync, after_commit)`: the values a crash-point sweep compares. */
  private exploreDecl = this.RULE('exploreDecl', () => {
    this.CONSUME(T.Explore);
    this.OR([{ ALT: () => this.CONSUME(T.Name, { LABEL: 'setting' }) }, { ALT: () => this.CONSUME(T.FlavorKw, { LABEL: 'setting' }) }]);
    this.CONSUME(T.In);
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.value) });
    this.CONSUME(T.RParen);
  });

  private linkDecl = this.RULE('linkDecl', () => {
    this.CONSUME(T.Link);
    this.CONSUME(T.Name, { LABEL: 'from' });
    this.CONSUME(T.Arrow);
    this.CONSUME2(T.Name, { LABEL: 'to' });
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Latency);
            this.CONSUME(T.Duration, { LABEL: 'latency' });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Jitter);
            this.CONSUME2(T.Duration, { LABEL: 'jitter' });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Bandwidth);
            this.OR2([
              { ALT: () => this.CONSUME(T.Rate, { LABEL: 'bandwidth' }) },
              { ALT: () => this.CONSUME(T.Size, { LABEL: 'bandwidth' }) },
              { ALT: () => this.CONSUME(T.Int, { LABEL: 'bandwidth' }) },
              { ALT: () => this.CONSUME3(T.Duration, { LABEL: 'bandwidth' }) },
            ]);
          },
        },
        { ALT: () => this.CONSUME(T.Down) },
      ]);
    });
  });

  private tableDecl = this.RULE('tableDecl', () => {
    this.CONSUME(T.Table);
    this.CONSUME(T.Name);
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.tableElement) });
    this.CONSUME(T.RParen);
  });

  private tableElement = this.RULE('tableElement', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.primaryKeyConstraint) }, { ALT: () => this.SUBRULE(this.columnDecl) }]);
  });

  private primaryKeyConstraint = this.RULE('primaryKeyConstraint', () => {
    this.CONSUME(T.Primary);
    this.CONSUME(T.Key);
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.Name) });
    this.CONSUME(T.RParen);
  });

  private columnDecl = this.RULE('columnDecl', () => {
    this.CONSUME(T.Name, { LABEL: 'column' });
    this.CONSUME2(T.Name, { LABEL: 'type' });
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.CONSUME(T.Int);
      this.CONSUME(T.RParen);
    });
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Not);
            this.CONSUME(T.Null);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Primary);
            this.CONSUME(T.Key);
          },
        },
        { ALT: () => this.CONSUME(T.AutoIncrement) },
      ]);
    });
  });

  private clientDecl = this.RULE('clientDecl', () => {
    this.CONSUME(T.Client);
    this.CONSUME(T.Name, { LABEL: 'client' });
    this.CONSUME(T.On);
    this.CONSUME2(T.Name, { LABEL: 'server' });
    this.OPTION(() => this.SUBRULE(this.settingsBlock));
  });

  private trigger = this.RULE('trigger', () => {
    this.CONSUME(T.On);
    this.CONSUME(T.Name, { LABEL: 'subject' });
    this.CONSUME2(T.Name, { LABEL: 'state' });
    this.OPTION(() => {
      this.CONSUME(T.By);
      this.CONSUME3(T.Name, { LABEL: 'by' });
    });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.action);
  });

  private step = this.RULE('step', () => {
    this.OPTION(() => this.SUBRULE(this.timing));
    this.SUBRULE(this.action);
  });

  private timing = this.RULE('timing', () => {
    this.OR([{ ALT: () => this.CONSUME(T.At) }, { ALT: () => this.CONSUME(T.After) }]);
    this.CONSUME(T.Duration);
    this.CONSUME(T.Colon);
  });

  private action = this.RULE('action', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.clientStep) },
      { ALT: () => this.SUBRULE(this.reconnect) },
      { ALT: () => this.SUBRULE(this.crash) },
      { ALT: () => this.SUBRULE(this.restart) },
      { ALT: () => this.SUBRULE(this.shutdown) },
      { ALT: () => this.SUBRULE(this.promote) },
      { ALT: () => this.SUBRULE(this.changeMaster) },
      { ALT: () => this.SUBRULE(this.threadControl) },
      { ALT: () => this.SUBRULE(this.linkControl) },
      { ALT: () => this.SUBRULE(this.kill) },
      { ALT: () => this.SUBRULE(this.resetCommand) },
      { ALT: () => this.SUBRULE(this.setGlobal) },
      { ALT: () => this.SUBRULE(this.wait) },
      { ALT: () => this.SUBRULE(this.flushStatus) },
      { ALT: () => this.SUBRULE(this.purgeLogs) },
      { ALT: () => this.SUBRULE(this.injectEmpty) },
    ]);
  });

  private clientStep = this.RULE('clientStep', () => {
    this.CONSUME(T.Name, { LABEL: 'client' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.sqlStatement);
    this.MANY(() => {
      this.CONSUME(T.Semicolon);
      this.OPTION(() => this.SUBRULE2(this.sqlStatement));
    });
    this.OPTION2(() => {
      this.CONSUME(T.As);
      this.CONSUME2(T.Name, { LABEL: 'txnName' });
    });
    this.OPTION3(() => this.CONSUME(T.Nowait));
  });

  private reconnect = this.RULE('reconnect', () => {
    this.CONSUME(T.Name, { LABEL: 'client' });
    this.CONSUME(T.Reconnects);
    this.CONSUME(T.To);
    this.CONSUME2(T.Name, { LABEL: 'server' });
  });

  private crash = this.RULE('crash', () => {
    this.CONSUME(T.Crash);
    this.CONSUME(T.Name);
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.Process) }, { ALT: () => this.CONSUME(T.Host) }]));
  });

  private restart = this.RULE('restart', () => {
    this.CONSUME(T.Restart);
    this.CONSUME(T.Name, { LABEL: 'server' });
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.CONSUME(T.Replica);
      this.CONSUME(T.Of);
      this.CONSUME2(T.Name, { LABEL: 'source' });
      this.OPTION2(() => this.SUBRULE(this.startPosition));
    });
  });

  private shutdown = this.RULE('shutdown', () => {
    this.CONSUME(T.Shutdown);
    this.CONSUME(T.Name);
  });

  private promote = this.RULE('promote', () => {
    this.CONSUME(T.Promote);
    this.CONSUME(T.Name);
  });

  private changeMaster = this.RULE('changeMaster', () => {
    this.CONSUME(T.Change);
    // `change replication source r2 to r1`: MySQL 8.0.23+'s CHANGE REPLICATION SOURCE TO.
    this.OR([
      { ALT: () => this.CONSUME(T.Master) },
      {
        ALT: () => {
          this.CONSUME(T.Replication);
          this.CONSUME(T.Source);
        },
      },
    ]);
    this.CONSUME(T.Name, { LABEL: 'replica' });
    this.CONSUME(T.To);
    this.CONSUME2(T.Name, { LABEL: 'source' });
    this.OPTION(() => this.SUBRULE(this.startPosition));
    // `master_delay=3600`, `master_use_gtid=slave_pos`: CHANGE MASTER TO … MASTER_DELAY, MASTER_USE_GTID.
    this.MANY(() => {
      this.SUBRULE(this.setting);
      this.OPTION2(() => this.CONSUME(T.Comma));
    });
  });

  private startPosition = this.RULE('startPosition', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.AutoPosition) },
      {
        ALT: () => {
          this.CONSUME(T.From);
          this.OR2([
            {
              ALT: () => {
                this.CONSUME(T.Binlog);
                this.CONSUME(T.StringLit);
                this.CONSUME(T.Colon);
                this.CONSUME(T.Int);
              },
            },
            { ALT: () => this.CONSUME(T.StartKw) },
            { ALT: () => this.CONSUME(T.End) },
          ]);
        },
      },
    ]);
  });

  private threadControl = this.RULE('threadControl', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Stop) }, { ALT: () => this.CONSUME(T.StartKw) }]);
    // `start replica r1` / `stop slave r1`: MySQL's START REPLICA (8.0.22+) and START SLAVE spellings.
    this.OPTION2(() => this.OR3([{ ALT: () => this.CONSUME(T.Replica) }, { ALT: () => this.CONSUME(T.Slave) }]));
    this.CONSUME(T.Name);
    this.OPTION(() => this.OR2([{ ALT: () => this.CONSUME(T.IoThread) }, { ALT: () => this.CONSUME(T.SqlThread) }]));
    // START SLAVE … UNTIL: `until binlog 'mysql-bin.000001':1049`, `until sql_before_gtids '…'`, `until master_gtid_pos '…'`.
    this.OPTION3(() => {
      this.CONSUME(T.Until);
      this.OR4([
        {
          ALT: () => {
            this.CONSUME(T.Binlog);
            this.CONSUME(T.StringLit, { LABEL: 'untilFile' });
            this.CONSUME(T.Colon);
            this.CONSUME(T.Int, { LABEL: 'untilPos' });
          },
        },
        {
          ALT: () => {
            this.CONSUME2(T.Name, { LABEL: 'untilKind' });
            this.CONSUME2(T.StringLit, { LABEL: 'untilValue' });
          },
        },
      ]);
    });
    this.OPTION4(() => this.SUBRULE(this.forChannel));
  });

  private linkControl = this.RULE('linkControl', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Partition) }, { ALT: () => this.CONSUME(T.Heal) }]);
    this.CONSUME(T.Name, { LABEL: 'from' });
    this.CONSUME(T.Arrow);
    this.CONSUME2(T.Name, { LABEL: 'to' });
  });

  private kill = this.RULE('kill', () => {
    this.CONSUME(T.Kill);
    this.CONSUME(T.Name);
  });

  private resetCommand = this.RULE('resetCommand', () => {
    this.CONSUME(T.Reset);
    // `reset replica r1` is RESET SLAVE's 8.0.22+ spelling.
    this.OR([{ ALT: () => this.CONSUME(T.Master) }, { ALT: () => this.CONSUME(T.Slave) }, { ALT: () => this.CONSUME(T.Replica) }]);
    this.CONSUME(T.Name);
  });

  private setGlobal = this.RULE('setGlobal', () => {
    this.CONSUME(T.SetKw);
    this.CONSUME(T.Name);
    this.AT_LEAST_ONE(() => {
      this.SUBRULE(this.setting);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
  });

  private wait = this.RULE('wait', () => {
    this.CONSUME(T.Wait);
    this.OR([
      { ALT: () => this.CONSUME(T.Duration) },
      {
        ALT: () => {
          this.CONSUME(T.Until);
          this.CONSUME(T.Name);
          this.CONSUME(T.Caught);
          this.CONSUME(T.Up);
        },
      },
    ]);
  });

  private flushStatus = this.RULE('flushStatus', () => {
    this.CONSUME(T.Flush);
    this.OR([
      { ALT: () => this.CONSUME(T.Status) },
      {
        ALT: () => {
          this.CONSUME(T.BinaryKw);
          this.CONSUME(T.Logs);
        },
      },
    ]);
    this.CONSUME(T.Name);
  });

  /** `inject empty transaction '3e11fa47-…:5' on r1`: SET gtid_next='…'; BEGIN; COMMIT; SET gtid_next='AUTOMATIC' on the server. */
  private injectEmpty = this.RULE('injectEmpty', () => {
    this.CONSUME(T.Inject);
    this.CONSUME(T.Empty);
    this.CONSUME(T.Transaction);
    this.CONSUME(T.StringLit);
    this.CONSUME(T.On);
    this.CONSUME(T.Name);
  });

  /** `purge binary logs m1 to 'mysql-bin.000003'` / `purge binary logs m1 before 2s` (MySQL's MASTER is a synonym of BINARY). */
  private purgeLogs = this.RULE('purgeLogs', () => {
    this.CONSUME(T.Purge);
    this.OR([{ ALT: () => this.CONSUME(T.BinaryKw) }, { ALT: () => this.CONSUME(T.Master) }]);
    this.CONSUME(T.Logs);
    this.CONSUME(T.Name);
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(T.To);
          this.CONSUME(T.StringLit);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Before);
          this.CONSUME(T.Duration);
        },
      },
    ]);
  });

  // ------------------------------------------------------------ SQL

  private sqlStatement = this.RULE('sqlStatement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.insert) },
      { ALT: () => this.SUBRULE(this.update) },
      { ALT: () => this.SUBRULE(this.deleteStmt) },
      { ALT: () => this.SUBRULE(this.select) },
      { ALT: () => this.SUBRULE(this.ddl) },
      { ALT: () => this.CONSUME(T.Begin) },
      {
        ALT: () => {
          this.CONSUME(T.StartKw);
          this.CONSUME(T.Transaction);
        },
      },
      { ALT: () => this.CONSUME(T.Commit) },
      { ALT: () => this.CONSUME(T.Rollback) },
      {
        ALT: () => {
          this.CONSUME(T.Retry);
          this.CONSUME(T.Name, { LABEL: 'retried' });
        },
      },
    ]);
  });

  /**
   * DDL, each its own transaction: `create table t (…)`, `create index i on t (c, …)`, `drop table t`,
   * `truncate [table] t`, `alter table t add [column] c TYPE …` / `alter table t drop [column] c`.
   */
  private ddl = this.RULE('ddl', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Create);
          this.OR2([
            {
              ALT: () => {
                this.CONSUME(T.Table);
                this.SUBRULE(this.tableRef);
                this.CONSUME(T.LParen);
                this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.tableElement) });
                this.CONSUME(T.RParen);
              },
            },
            {
              ALT: () => {
                this.CONSUME(T.Index);
                this.CONSUME(T.Name, { LABEL: 'index' });
                this.CONSUME(T.On);
                this.SUBRULE2(this.tableRef);
                this.CONSUME2(T.LParen);
                this.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => this.CONSUME2(T.Name, { LABEL: 'indexColumn' }) });
                this.CONSUME2(T.RParen);
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Drop);
          this.CONSUME2(T.Table);
          this.SUBRULE3(this.tableRef);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Truncate);
          this.OPTION(() => this.CONSUME3(T.Table));
          this.SUBRULE4(this.tableRef);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Alter);
          this.CONSUME4(T.Table);
          this.SUBRULE5(this.tableRef);
          this.OR3([
            {
              ALT: () => {
                this.CONSUME(T.Add);
                this.OPTION2(() => this.CONSUME(T.Column));
                this.SUBRULE(this.columnDecl);
              },
            },
            {
              ALT: () => {
                this.CONSUME2(T.Drop);
                this.OPTION3(() => this.CONSUME2(T.Column));
                this.CONSUME3(T.Name, { LABEL: 'dropped' });
              },
            },
          ]);
        },
      },
    ]);
  });

  /** `insert [ignore] into …`, `replace into …`, and `insert into … on duplicate key update …`. */
  private insert = this.RULE('insert', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Insert);
          this.OPTION3(() => this.CONSUME(T.Ignore));
        },
      },
      { ALT: () => this.CONSUME(T.Replace) },
    ]);
    this.CONSUME(T.Into);
    this.SUBRULE(this.tableRef);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.Name) });
      this.CONSUME(T.RParen);
    });
    this.CONSUME(T.Values);
    this.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => this.SUBRULE(this.tuple) });
    this.OPTION2(() => {
      this.CONSUME(T.On);
      this.CONSUME(T.Duplicate);
      this.CONSUME(T.Key);
      this.CONSUME(T.Update);
      this.AT_LEAST_ONE_SEP3({ SEP: T.Comma, DEF: () => this.SUBRULE(this.assignment) });
    });
  });

  private tuple = this.RULE('tuple', () => {
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.literal) });
    this.CONSUME(T.RParen);
  });

  private update = this.RULE('update', () => {
    this.CONSUME(T.Update);
    this.SUBRULE(this.tableRef);
    this.CONSUME(T.SetKw);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.assignment) });
    this.OPTION(() => this.SUBRULE(this.where));
  });

  private assignment = this.RULE('assignment', () => {
    this.CONSUME(T.Name, { LABEL: 'column' });
    this.CONSUME(T.Equals);
    this.OR([
      { ALT: () => this.SUBRULE(this.literal) },
      {
        ALT: () => {
          this.CONSUME2(T.Name, { LABEL: 'from' });
          this.OPTION(() => {
            this.OR2([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
            this.CONSUME(T.Int);
          });
        },
      },
    ]);
  });

  private deleteStmt = this.RULE('deleteStmt', () => {
    this.CONSUME(T.Delete);
    this.CONSUME(T.From);
    this.SUBRULE(this.tableRef);
    this.OPTION(() => this.SUBRULE(this.where));
  });

  private select = this.RULE('select', () => {
    this.CONSUME(T.Select);
    this.OR([
      { ALT: () => this.CONSUME(T.Star) },
      {
        ALT: () => {
          this.CONSUME(T.Count);
          this.CONSUME(T.LParen);
          this.CONSUME2(T.Star);
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.Name) }) },
    ]);
    this.CONSUME(T.From);
    this.SUBRULE(this.tableRef);
    this.OPTION(() => this.SUBRULE(this.where));
    this.OPTION2(() => {
      this.CONSUME(T.For);
      this.CONSUME(T.Update);
    });
  });

  private where = this.RULE('where', () => {
    this.CONSUME(T.Where);
    this.AT_LEAST_ONE_SEP({ SEP: T.And, DEF: () => this.SUBRULE(this.condition) });
  });

  private condition = this.RULE('condition', () => {
    this.CONSUME(T.Name);
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.comparison);
          this.SUBRULE(this.literal);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.In);
          this.CONSUME(T.LParen);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE2(this.literal) });
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  private comparison = this.RULE('comparison', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Equals) },
      { ALT: () => this.CONSUME(T.NotEquals) },
      { ALT: () => this.CONSUME(T.LessEquals) },
      { ALT: () => this.CONSUME(T.GreaterEquals) },
      { ALT: () => this.CONSUME(T.Less) },
      { ALT: () => this.CONSUME(T.Greater) },
    ]);
  });

  private tableRef = this.RULE('tableRef', () => {
    this.CONSUME(T.Name);
    this.OPTION(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Name);
    });
  });

  private literal = this.RULE('literal', () => {
    this.OR([
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.Minus));
          this.OR2([{ ALT: () => this.CONSUME(T.Int) }, { ALT: () => this.CONSUME(T.NumberLit) }]);
        },
      },
      { ALT: () => this.CONSUME(T.StringLit) },
      { ALT: () => this.CONSUME(T.Null) },
      // `$i` (a loop's iteration number) and `now()` (the statement's time): resolved by the loop expansion and the engine.
      { ALT: () => this.CONSUME(T.Counter) },
      {
        ALT: () => {
          this.CONSUME(T.Now);
          this.CONSUME(T.LParen);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  // ------------------------------------------------------------ expectations

  private expectation = this.RULE('expectation', () => {
    this.CONSUME(T.Expect);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Name, { LABEL: 'subject' });
          this.CONSUME(T.Outcome);
          this.OR4([
            { ALT: () => this.CONSUME2(T.Name, { LABEL: 'outcome' }) },
            { ALT: () => this.CONSUME2(T.ErrorKw, { LABEL: 'outcome' }) },
          ]);
          this.OPTION(() => this.CONSUME(T.Int));
        },
      },
      {
        ALT: () => {
          this.CONSUME3(T.Name, { LABEL: 'subject' });
          this.OR2([{ ALT: () => this.CONSUME(T.Has) }, { ALT: () => this.CONSUME(T.Lacks) }]);
          this.SUBRULE(this.tableRef);
          this.CONSUME(T.LParen);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.rowMatch) });
          this.CONSUME(T.RParen);
          this.OPTION2(() => {
            this.CONSUME(T.Count);
            this.CONSUME2(T.Int);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME4(T.Name, { LABEL: 'subject' });
          this.CONSUME(T.Replication);
          this.OR3([
            { ALT: () => this.CONSUME(T.Running) },
            {
              ALT: () => {
                this.CONSUME(T.ErrorKw);
                this.CONSUME3(T.Int);
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME5(T.Name, { LABEL: 'subject' });
          this.OPTION6(() => this.SUBRULE(this.forChannel));
          this.CONSUME6(T.Name, { LABEL: 'variable' });
          this.SUBRULE(this.comparison);
          this.SUBRULE(this.value);
        },
      },
      {
        ALT: () => {
          this.OPTION5(() => this.CONSUME(T.Always));
          this.OPTION3(() => this.CONSUME(T.No));
          this.CONSUME7(T.Name, { LABEL: 'verdict' });
          this.OPTION4(() => {
            this.CONSUME(T.Of);
            this.CONSUME8(T.Name, { LABEL: 'of' });
          });
        },
      },
    ]);
  });

  private rowMatch = this.RULE('rowMatch', () => {
    this.CONSUME(T.Name);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.literal);
  });
}

/** The one parser instance; reset with `parser.input = tokens` before each item. */
export const parser = new ReplParser();

/** Parse one item's tokens; chevrotain records errors in `parser.errors` instead of throwing. */
export function parseItem(tokens: IToken[]): CstNode {
  parser.input = tokens;
  return parser.item();
}
