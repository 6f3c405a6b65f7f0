import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTimeline, type TimelineMark, type TimelineModel } from '../src/timeline/model';
import { arrowsIn, layoutTimeline, rowAtTime, rowCenter, rowsIn, timeY } from '../src/timeline/layout';
import { renderBody } from '../src/timeline/render';
import { statusTableAt } from '../src/timeline/status-table';
import { bigTrace, s04Trace } from './timeline-fixtures';

const markOf = (model: TimelineModel, pred: (m: TimelineMark) => boolean): TimelineMark => {
  const m = model.marks.find(pred);
  assert.ok(m, 'mark not found');
  return m;
};

void describe('timeline model over the hand-made S4 trace', () => {
  const model = buildTimeline(s04Trace());

  void test('one lane per client, and per server the lanes something happens on, in data-flow order', () => {
    assert.deepEqual(
      model.lanes.map((l) => l.id),
      [
        'client:app',
        'server:m1:io',
        'server:m1:sql',
        'server:m1:engine',
        'server:m1:dump',
        'server:r1:io',
        'server:r1:sql',
        'server:r1:engine',
        'server:r1:dump',
      ],
    );
    assert.deepEqual(
      model.groups.map((g) => [g.id, g.detail]),
      [
        ['clients', '1 client'],
        ['server:m1', 'mysql-5.5 · server_id 1'],
        ['server:r1', 'mysql-5.5 · server_id 2'],
      ],
    );
  });

  void test('binlog and relay-log events go on the engine and I/O lanes, with their positions inline', () => {
    const flushed = markOf(model, (m) => m.kind === 'binlog_flushed' && m.txn === 'T2');
    assert.equal(flushed.lane, 'server:m1:engine');
    assert.equal(flushed.title, 'T2 binlog write');
    assert.deepEqual(flushed.positions, ['mysql-bin.000001:310→513']);
    const relay = markOf(model, (m) => m.kind === 'relay_write' && m.txn === 'T1');
    assert.equal(relay.lane, 'server:r1:io');
    assert.deepEqual(relay.positions, ['relay-bin.000002:253→456']);
    const applied = markOf(model, (m) => m.kind === 'applied' && m.txn === 'T1');
    assert.deepEqual(applied.positions, ['Exec 310']);
    const ack = markOf(model, (m) => m.kind === 'ack_sent');
    assert.deepEqual(ack.positions, ['ACK mysql-bin.000001:310']);
  });

  void test('the SQL error shows its errno, that Exec_Master_Log_Pos stays at the start, and why', () => {
    const err = markOf(model, (m) => m.kind === 'sql_error');
    assert.equal(err.title, 'T3 SQL error 1062');
    assert.equal(err.shape, 'error');
    assert.deepEqual(err.positions, ['Exec stays 107']);
    assert.match(err.note ?? '', /Duplicate entry '2' for key 'PRIMARY'/);
  });

  void test('crash, restart, promotion and recovery are distinct marks', () => {
    assert.equal(markOf(model, (m) => m.kind === 'crash').shape, 'crash');
    assert.equal(markOf(model, (m) => m.kind === 'restart').shape, 'restart');
    assert.equal(markOf(model, (m) => m.kind === 'promote').shape, 'promote');
    assert.equal(markOf(model, (m) => m.kind === 'promote').title, 'PROMOTED to source');
  });

  void test('client sends are titled by their SQL, replies coloured by outcome', () => {
    const sent = markOf(model, (m) => m.kind === 'statement_sent' && m.txn === 'T1');
    assert.equal(sent.title, "T1 insert into t values (1, 'a')");
    const replies = model.marks.filter((m) => m.kind === 'statement_reply').map((m) => [m.txn, m.outcome, m.title]);
    assert.deepEqual(replies[0], ['T1', 'ok', 'T1 OK']);
    assert.deepEqual(
      replies.find((r) => r[1] === 'lost_connection'),
      ['T2', 'lost_connection', 'T2 lost connection (2013)'],
    );
  });

  void test('arrows for shipped events and ACKs, anchored to the marks at both ends; a dropped one has no end', () => {
    const t1 = model.arrows.find((a) => a.kind === 'events' && a.txn === 'T1');
    assert.ok(t1);
    assert.equal(t1.from, 'server:m1:dump');
    assert.equal(t1.to, 'server:r1:io');
    assert.equal(model.marks[t1.fromMark ?? -1]?.kind, 'dump_send');
    assert.equal(model.marks[t1.toMark ?? -1]?.kind, 'io_receive');
    const ack = model.arrows.find((a) => a.kind === 'ack');
    assert.equal(model.marks[ack?.fromMark ?? -1]?.kind, 'ack_sent');
    assert.equal(model.marks[ack?.toMark ?? -1]?.kind, 'ack_received');
    const lost = model.arrows.find((a) => a.txn === 'T2');
    assert.equal(lost?.receiveTime, null);
    assert.equal(lost?.toMark, null);
    assert.match(lost?.dropped ?? '', /crashed/);
  });

  void test('periods shade the lanes they concern', () => {
    const down = model.shades.find((s) => s.kind === 'server_down');
    assert.deepEqual(down?.lanes, ['server:m1:io', 'server:m1:sql', 'server:m1:engine', 'server:m1:dump']);
    assert.equal(down?.label, 'm1 down');
    const sql = model.shades.find((s) => s.kind === 'sql_thread_stopped');
    assert.deepEqual(sql?.lanes, ['server:m1:sql']);
    assert.equal(sql?.end, null);
  });

  void test('client transactions become bars coloured by outcome; a retry says so', () => {
    assert.deepEqual(
      model.bars.map((b) => [b.label, b.outcome, b.start, b.end]),
      [
        ['T1', 'ok', 5000, 9600],
        ['T2', 'lost_connection', 10000, 10800],
        ['T3 (retry of T2)', 'ok', 14200, 15000],
      ],
    );
  });

  void test('verdicts link to their marks, the failure itself first', () => {
    const stopped = model.verdicts.find((v) => v.kind === 'replication_stopped');
    assert.equal(model.marks[stopped?.marks[0] ?? -1]?.kind, 'sql_error');
    const after = model.verdicts.find((v) => v.kind === 'committed_after_error');
    assert.ok(after?.marks.every((i) => model.marks[i]?.txn === 'T2' || model.marks[i]?.time === 10800));
  });

  void test('transactions tell their fate on each server', () => {
    const t2 = model.transactions.find((t) => t.id === 'T2');
    assert.equal(t2?.outcomeText, 'lost connection (2013)');
    assert.deepEqual(t2?.presence, { m1: 'present', r1: 'absent' });
    assert.equal(t2?.binlog, 'mysql-bin.000001:310→513');
    assert.deepEqual(t2?.retriedBy, ['T3']);
  });

  void test('marks are indexed by line and by transaction', () => {
    assert.deepEqual(
      (model.marksByLine.get(13) ?? []).map((i) => model.marks[i]?.kind),
      ['trigger_fired', 'crash'],
    );
    assert.ok((model.marksByTxn.get('T2') ?? []).length >= 8);
  });
});

void describe('timeline layout', () => {
  const model = buildTimeline(s04Trace());

  void test('one row per visible event, a gap band for a long pause', () => {
    const layout = layoutTimeline(model);
    assert.equal(layout.rowCount, model.marks.length);
    // 15 ms pass between r1's retry and m1's restart: a band says so.
    assert.ok(layout.gaps.some((g) => g.elapsed === 15000));
    for (let r = 1; r < layout.rowCount; r++) assert.ok(layout.rowTop[r] > layout.rowTop[r - 1]);
  });

  void test('hiding a lane removes its rows; collapsing a server draws its lanes in one column', () => {
    const hidden = layoutTimeline(model, { hidden: ['client:app'] });
    assert.equal(hidden.rowCount, model.marks.filter((m) => m.lane !== 'client:app').length);
    const collapsed = layoutTimeline(model, { collapsed: ['server:r1'] });
    assert.equal(collapsed.columns.length, 6);
    assert.equal(collapsed.columnOfLane.get('server:r1:io'), collapsed.columnOfLane.get('server:r1:dump'));
    assert.equal(collapsed.rowCount, model.marks.length);
  });

  void test('zoom changes the row height, not the order', () => {
    const a = layoutTimeline(model, { zoom: 1 });
    const b = layoutTimeline(model, { zoom: 2 });
    assert.equal(b.rowHeight, a.rowHeight * 2);
    assert.deepEqual([...a.rowMark], [...b.rowMark]);
    assert.equal(layoutTimeline(model, { zoom: 0.3 }).labels, false);
  });

  void test('a shade starts at the mark that opened it', () => {
    const layout = layoutTimeline(model);
    const down = layout.shades.find((s) => s.shade.kind === 'server_down' && s.labelled);
    const crash = markOf(model, (m) => m.kind === 'crash');
    assert.equal(down?.y0, rowCenter(layout, layout.markRow[crash.index]));
    // Several events share that instant: the shade starts at the crash, not at the first of them.
    assert.ok((down?.y0 ?? 0) > timeY(layout, 10800, undefined));
    assert.ok((down?.y1 ?? 0) > (down?.y0 ?? 0));
  });

  void test('windowed queries return only what crosses the window', () => {
    const layout = layoutTimeline(model);
    const [from, to] = rowsIn(layout, 0, 100);
    assert.equal(from, 0);
    assert.ok(to <= 8);
    for (const i of arrowsIn(layout, from, to)) assert.ok((layout.arrows[i]?.row0 ?? 99) < to);
    assert.equal(rowAtTime(layout, 10800), layout.markRow[markOf(model, (m) => m.kind === 'binlog_synced' && m.txn === 'T2').index]);
  });

  void test('in a viewport, a label drawn left stays within its own group and one drawn right is inside the drawing', () => {
    const model = buildTimeline(s04Trace());
    for (const viewportWidth of [500, 700, 900]) {
      const layout = layoutTimeline(model, { viewportWidth });
      for (let r = 0; r < layout.rowCount; r++) {
        const m = model.marks[layout.rowMark[r]];
        const col = layout.columns[layout.columnOfLane.get(m.lane) ?? -1];
        const group = layout.groups.find((g) => g.id === col.group);
        const cx = col.x + col.width / 2;
        if (layout.labelLeft[r] === 1) {
          assert.ok(cx - 10 - m.textWidth >= (group?.x ?? 0), `${viewportWidth}px: "${m.title}" runs out of ${group?.name}`);
        } else {
          assert.ok(cx + 10 + Math.min(m.textWidth, layout.textRoom[r]) <= layout.width, `${viewportWidth}px: "${m.title}" is cut off`);
        }
      }
    }
  });

  void test('a filter keeps only its marks as rows, in time order, and only the arrows between two of them', () => {
    const model = buildTimeline(s04Trace());
    const t1 = new Set(model.marksByTxn.get('T1') ?? []);
    const layout = layoutTimeline(model, { only: t1 });
    assert.equal(layout.rowCount, t1.size);
    for (let r = 0; r < layout.rowCount; r++) {
      assert.ok(t1.has(layout.rowMark[r]));
      if (r > 0) assert.ok(model.marks[layout.rowMark[r - 1]].time <= model.marks[layout.rowMark[r]].time);
    }
    assert.ok(layout.arrows.length > 0 && layout.arrows.length < layoutTimeline(model).arrows.length);
    for (const a of layout.arrows) {
      assert.ok(a.arrow.fromMark !== null && t1.has(a.arrow.fromMark));
      if (a.arrow.toMark !== null) assert.ok(t1.has(a.arrow.toMark));
    }
  });
});

void describe('rendering a window', () => {
  void test('draws the marks of the window with their text and positions, and nothing of the rest', () => {
    const layout = layoutTimeline(buildTimeline(s04Trace()));
    const top = layout.rowTop[layout.rowCount - 3];
    const svg = renderBody(layout, top, top + 60);
    assert.match(svg, /T3 SQL error 1062/);
    assert.match(svg, /Exec stays 107/);
    assert.doesNotMatch(svg, /T1 insert into t/);
  });

  void test('the cost of a window does not grow with the trace', () => {
    const layout = layoutTimeline(buildTimeline(bigTrace(10_000)));
    const mid = layout.rowTop[5000] - 10;
    const svg = renderBody(layout, mid, mid + 800);
    const marks = svg.match(/data-mark="/g)?.length ?? 0;
    assert.ok(marks > 20 && marks < 80, `${marks} marks drawn`);
    assert.ok((svg.match(/data-arrow="/g)?.length ?? 0) < 150);
  });
});

void describe('status table at an instant', () => {
  const trace = s04Trace();

  void test('SHOW MASTER STATUS and SHOW SLAVE STATUS fields per server, changed values flagged', () => {
    const table = statusTableAt(trace, 34100);
    assert.deepEqual(table.servers, ['m1', 'r1']);
    const slave = table.sections.find((s) => s.title === 'SHOW SLAVE STATUS');
    const exec = slave?.rows.find((r) => r.name === 'Exec_Master_Log_Pos');
    assert.deepEqual(exec?.values, ['107', null]);
    assert.deepEqual(exec?.changed, [true, false]);
    const running = slave?.rows.find((r) => r.name === 'Slave_SQL_Running');
    assert.deepEqual(running?.values, ['No', null]);
    const master = table.sections.find((s) => s.title === 'SHOW MASTER STATUS');
    assert.deepEqual(master?.rows.find((r) => r.name === 'File')?.values, ['mysql-bin.000002', 'mysql-bin.000001']);
  });

  void test('semi-sync counters and rows are there too', () => {
    const table = statusTableAt(trace, 9600);
    const semi = table.sections.find((s) => s.title.startsWith('SHOW GLOBAL STATUS'));
    assert.deepEqual(semi?.rows.find((r) => r.name === 'Rpl_semi_sync_master_yes_tx')?.values, ['1', null]);
    const rows = table.sections.find((s) => s.title === 'rows');
    assert.deepEqual(rows?.rows[0]?.values, ["(1, 'a')", "(1, 'a')"]);
    assert.match(table.rowsSource ?? '', /after line 12/);
  });
});
