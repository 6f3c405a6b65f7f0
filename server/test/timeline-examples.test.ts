// The timeline model over every example of examples/: the real engine's traces, not hand-made ones.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyze } from '../src/language/analyze';
import { runScenario } from '../src/run';
import type { Trace } from '../src/trace/trace';
import { layoutTimeline } from '../src/timeline/layout';
import { buildTimeline, type TimelineMark } from '../src/timeline/model';
import { renderTimelineFile } from '../src/timeline/export';

/** The repository root, from wherever this test was bundled to. */
function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'examples')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const examples = join(repoRoot(), 'examples');
const files = existsSync(examples)
  ? readdirSync(examples)
      .filter((f) => f.endsWith('.repl'))
      .sort()
  : [];

function run(file: string): Trace {
  const analysis = analyze(readFileSync(join(examples, file), 'utf8'));
  assert.ok(analysis.runnable, `${file}: ${analysis.diagnostics.map((d) => d.message).join('; ')}`);
  return runScenario(analysis.scenario);
}

void describe('the timeline of every example', () => {
  void test('there are examples', () => assert.ok(files.length >= 12, `${files.length} examples in ${examples}`));

  for (const file of files) {
    void test(file, () => {
      const trace = run(file);
      const model = buildTimeline(trace);
      // Every event is a mark on a lane that exists, every message an arrow.
      assert.equal(model.marks.length, trace.events.length);
      const lanes = new Set(model.lanes.map((l) => l.id));
      for (const m of model.marks) assert.ok(lanes.has(m.lane), `${m.lane} of ${m.kind}`);
      assert.equal(model.arrows.length, trace.messages.length);
      for (const c of trace.clients) assert.ok(lanes.has(`client:${c.name}`));
      for (const s of trace.servers) assert.ok(lanes.has(`server:${s.name}:engine`));
      // A received message is anchored to the mark that received it.
      for (const a of model.arrows) {
        if (a.receiveTime !== null && a.toMark !== null) assert.equal(model.marks[a.toMark]?.time, a.receiveTime);
      }
      // Every binlog write says where: file and range.
      for (const m of model.marks.filter((x) => x.kind === 'binlog_flushed')) {
        assert.match(m.positions[0] ?? '', /^[\w.-]+-bin\.\d{6}:\d+→\d+$/, `${file}: ${m.title}`);
      }
      for (const m of model.marks.filter((x) => x.kind === 'applied')) assert.match(m.positions[0] ?? '', /^Exec \d+$/);
      assert.equal(model.shades.length <= trace.periods.length, true);
      assert.equal(model.verdicts.length, trace.verdicts.length);
      // The layout and both files come out of it without a throw, the same for the same trace.
      const layout = layoutTimeline(model);
      assert.equal(layout.rowCount, model.marks.length);
      const svg = renderTimelineFile(trace, 'svg');
      assert.equal(svg, renderTimelineFile(trace, 'svg'));
      assert.match(renderTimelineFile(trace, 'html'), /<\/html>\n$/);
    });
  }
});

void describe('S4 as the engine runs it', () => {
  const file = 's04-after-commit-crash-before-ack.repl';
  const trace = run(file);
  const model = buildTimeline(trace);
  const find = (pred: (m: TimelineMark) => boolean) => {
    const m = model.marks.find(pred);
    assert.ok(m, 'mark not found');
    return m;
  };

  void test('T2 on m1: written to the binlog, sent, committed, then the crash; its events never reach r1', () => {
    const write = find((m) => m.kind === 'binlog_flushed' && m.txn === 'T2');
    assert.equal(write.lane, 'server:m1:engine');
    assert.match(write.positions[0] ?? '', /^mysql-bin\.000001:\d+→\d+$/);
    const sent = model.arrows.find((a) => a.kind === 'events' && a.txn === 'T2');
    assert.equal(sent?.receiveTime, null, 'T2 is never received');
    assert.ok(sent?.dropped);
    // Said on the mark that sent it.
    assert.match(model.marks[sent?.fromMark ?? -1]?.note ?? '', /^never received/);
    const crash = find((m) => m.kind === 'crash' && m.server === 'm1');
    assert.equal(crash.shape, 'crash');
    assert.ok(crash.time >= write.time);
    assert.ok(model.shades.some((s) => s.kind === 'server_down' && s.subject === 'm1' && s.startMark === crash.index));
  });

  void test('the client is told lost connection; the bars say so; the OKs before it are ticks, not outcomes', () => {
    const replies = model.marks.filter((m) => m.kind === 'statement_reply' && m.txn === 'T2');
    const reply = find((m) => m.kind === 'statement_reply' && m.txn === 'T2' && m.outcome !== undefined);
    assert.equal(reply.outcome, 'lost_connection');
    assert.equal(reply.shape, 'reply');
    const before = replies.filter((m) => m !== reply);
    assert.ok(before.length >= 2, `${before.length} replies before the outcome`);
    for (const m of before) assert.deepEqual([m.shape, m.outcome, m.title], ['tick', undefined, 'T2 OK']);
    assert.equal(model.bars.find((b) => b.txn === 'T2')?.outcome, 'lost_connection');
  });

  void test('r1 is promoted; m1 rejoins and its SQL thread stops on 1062, Exec_Master_Log_Pos before the redo', () => {
    assert.equal(find((m) => m.kind === 'promote').server, 'r1');
    const err = find((m) => m.kind === 'sql_error');
    assert.equal(err.server, 'm1');
    assert.equal(err.lane, 'server:m1:sql');
    assert.match(err.title, /SQL error 1062/);
    assert.match(err.positions[0] ?? '', /^Exec stays \d+$/);
    assert.match(err.note ?? '', /Duplicate entry '2' for key 'PRIMARY'/);
    assert.ok(model.shades.some((s) => s.kind === 'sql_thread_stopped' && s.subject === 'm1' && s.end === null));
    const stopped = model.verdicts.find((v) => v.kind === 'replication_stopped');
    assert.equal(model.marks[stopped?.marks[0] ?? -1]?.kind, 'sql_error');
  });
});
