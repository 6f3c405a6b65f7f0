// The "time to scale" layout: y proportional to virtual time between instants within a stretch, the events of one
// instant stacked a line apart, long pauses compressed into a break band that says how long they were, texts that would collide moved down or left out (the hover keeps them), and
// every query of a window (rows, arrows, the y of an instant) as cheap as in the one-row-per-event scale.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTimeline, type TimelineModel } from '../src/timeline/model';
import { TIME_SCALE, axisY, layoutTimeline, rowCenter, rowsIn, timeY, type TimelineLayout } from '../src/timeline/layout';
import { markTitle, renderBody } from '../src/timeline/render';
import { TraceBuilder, bigTrace, s04Trace } from './timeline-fixtures';

const timeOf = (layout: TimelineLayout, r: number) => layout.model.marks[layout.rowMark[r]].time;

/** Whether a compressed pause lies between the rows `a` < `b`. */
const gapBetween = (layout: TimelineLayout, a: number, b: number) => layout.gaps.some((g) => g.row > a && g.row <= b);

/** Two events, then a pause of `pause` µs, then two more: the smallest trace with one compressed pause. */
function pauseTrace(pause: number): TimelineModel {
  const b = new TraceBuilder(`pause of ${pause}`, 'mysql-8.0', ['m1'], [{ name: 'app', server: 'm1' }]);
  b.event(0, 'm1', 'client', 'statement_sent', 'insert 1', { client: 'app' });
  b.event(2000, 'm1', 'engine', 'engine_committed', 'T1 committed');
  b.event(2000 + pause, 'm1', 'client', 'statement_sent', 'insert 2', { client: 'app' });
  b.event(4000 + pause, 'm1', 'engine', 'engine_committed', 'T2 committed');
  return buildTimeline(b.trace);
}

void describe('the time-to-scale layout', () => {
  const model = buildTimeline(s04Trace());
  const layout = layoutTimeline(model, { scale: 'time' });

  void test('the events scale stays the default: one row per event, every text drawn', () => {
    const events = layoutTimeline(model);
    assert.equal(events.scale, 'events');
    assert.equal(events.axisTime.length, 0);
    assert.ok(events.labelHidden.every((h) => h === 0));
    assert.ok(events.gaps.every((g) => !g.compressed));
    assert.equal(layout.scale, 'time');
    assert.equal(layout.rowCount, events.rowCount);
  });

  void test('y goes down as time goes on, and the events of one instant are stacked a line apart', () => {
    let stacked = 0;
    for (let r = 1; r < layout.rowCount; r++) {
      const dt = timeOf(layout, r) - timeOf(layout, r - 1);
      const dy = rowCenter(layout, r) - rowCenter(layout, r - 1);
      if (dt === 0) {
        assert.equal(dy, TIME_SCALE.instantStep, `rows ${r - 1} and ${r} are one instant`);
        stacked++;
      } else assert.ok(dy > 0, `row ${r} is below row ${r - 1}`);
    }
    assert.ok(stacked > 0, 'S4 has instants of several events');
  });

  void test('within a stretch without a long pause, the distance between instants is proportional to time, and zoom scales it', () => {
    // From the last event of an instant to the first of the next one: to scale.
    const between = (l: TimelineLayout, r: number) => rowCenter(l, r) - rowCenter(l, r - 1);
    let checked = 0;
    for (let r = 1; r < layout.rowCount; r++) {
      if (gapBetween(layout, 0, r)) break;
      const dt = timeOf(layout, r) - timeOf(layout, r - 1);
      if (dt === 0) continue;
      assert.ok(Math.abs(between(layout, r) - dt * layout.pxPerMicro) < 1e-6);
      checked++;
    }
    assert.ok(checked > 5, `${checked} rows before the first pause`);
    assert.equal(layout.pxPerMicro, TIME_SCALE.pxPerMs / 1000);
    const zoomed = layoutTimeline(model, { scale: 'time', zoom: 2 });
    for (let r = 1; r < 8; r++) {
      assert.ok(!gapBetween(layout, 0, r));
      const expected = timeOf(layout, r) === timeOf(layout, r - 1) ? TIME_SCALE.instantStep : 2 * between(layout, r);
      assert.ok(Math.abs(between(zoomed, r) - expected) < 1e-6);
    }
  });

  void test('a long pause is compressed into a break band that names it, taller the longer the pause', () => {
    // S4's 15 ms between r1's retry and m1's restart.
    const gap = layout.gaps.find((g) => g.elapsed === 15000);
    assert.ok(gap?.compressed);
    const drawn = rowCenter(layout, gap.row) - rowCenter(layout, gap.row - 1);
    assert.ok(drawn < 15000 * layout.pxPerMicro, `${drawn} px for 15 ms`);
    assert.ok(drawn > gap.height && gap.y > rowCenter(layout, gap.row - 1) && gap.y + gap.height < rowCenter(layout, gap.row));
    assert.match(renderBody(layout, gap.y - 5, gap.y + gap.height + 5), /class="gap-break"[^>]*\/>.*⋯ 15 ms later ⋯/s);
    // A pause shorter than the threshold is drawn to scale; a longer one gets a taller break.
    const short = layoutTimeline(pauseTrace(TIME_SCALE.gapThreshold - 100), { scale: 'time' });
    assert.equal(short.gaps.length, 0);
    assert.ok(Math.abs(rowCenter(short, 2) - rowCenter(short, 1) - (TIME_SCALE.gapThreshold - 100) * short.pxPerMicro) < 1e-6);
    const heights = [10_000, 1_000_000, 10_000_000].map((pause) => {
      const l = layoutTimeline(pauseTrace(pause), { scale: 'time' });
      assert.equal(l.gaps.length, 1);
      return rowCenter(l, 2) - rowCenter(l, 1);
    });
    assert.ok(heights[0] < heights[1] && heights[1] < heights[2], heights.join(' < '));
    assert.ok(
      heights[2] < 10_000 * layoutTimeline(pauseTrace(0), { scale: 'time' }).pxPerMicro,
      'a 10 s pause is shorter than 10 ms to scale',
    );
  });

  void test('the y of any instant is on the axis: at its events, and between them in order', () => {
    // An instant's y is its first event's.
    for (let r = 0; r < layout.rowCount; r++)
      if (r === 0 || timeOf(layout, r) !== timeOf(layout, r - 1))
        assert.equal(timeY(layout, timeOf(layout, r), undefined), rowCenter(layout, r));
    let last = -Infinity;
    for (let t = 0; t <= model.endTime; t += 37) {
      const y = axisY(layout, t);
      assert.ok(y >= last, `y(${t}) = ${y} < ${last}`);
      last = y;
    }
    for (const bar of layout.bars) assert.ok(bar.y1 >= bar.y0);
  });

  void test('in a dense run no two texts overlap: one that would is moved down, or left out and kept for the hover', () => {
    // A big run, then sixty events 25 µs (a pixel) apart: too close for their texts, but not one instant.
    const trace = bigTrace(2000);
    for (let i = 0; i < 60; i++) {
      trace.endTime += 25;
      const e = { id: trace.events.length, time: trace.endTime, server: 'm1', lane: 'engine' as const };
      trace.events.push({ ...e, kind: 'statement_executed', label: `close event ${i}` });
    }
    const dense = buildTimeline(trace);
    const l = layoutTimeline(dense, { scale: 'time', viewportWidth: 900 });
    const boxes: { r: number; x0: number; x1: number; y: number }[] = [];
    let hidden = 0;
    for (let r = 0; r < l.rowCount; r++) {
      if (l.labelHidden[r] === 1) {
        hidden++;
        continue;
      }
      const m = dense.marks[l.rowMark[r]];
      const col = l.columns[l.columnOfLane.get(m.lane) ?? -1];
      const cx = col.x + col.width / 2;
      const w = Math.min(m.textWidth, l.textRoom[r]);
      const [x0, x1] = l.labelLeft[r] === 1 ? [cx - 10 - w, cx - 10] : [cx + 10, cx + 10 + w];
      boxes.push({ r, x0, x1, y: rowCenter(l, r) + l.labelOffset[r] });
      assert.ok(l.labelOffset[r] >= 0 && l.labelOffset[r] <= TIME_SCALE.maxStack * TIME_SCALE.lineHeight);
    }
    assert.ok(hidden > 0, 'the dense run has texts left out');
    assert.ok(boxes.length > l.rowCount / 10, `${boxes.length} of ${l.rowCount} texts drawn`);
    boxes.sort((a, b) => a.y - b.y);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length && boxes[j].y - boxes[i].y < TIME_SCALE.lineHeight; j++) {
        const a = boxes[i];
        const b = boxes[j];
        assert.ok(a.x1 <= b.x0 || b.x1 <= a.x0, `the texts of rows ${a.r} and ${b.r} overlap`);
      }
    }
    // A text left out is not drawn; its mark is, and its hover has the whole text.
    const r = l.labelHidden.indexOf(1);
    const m = dense.marks[l.rowMark[r]];
    const svg = renderBody(l, rowCenter(l, r) - 2, rowCenter(l, r) + 2);
    const mark = new RegExp(`<g class="[^"]*" data-mark="${m.index}"[^>]*>(.*?)</g>`, 's').exec(svg);
    assert.ok(mark, 'the mark is drawn');
    assert.doesNotMatch(mark[1], /class="lbl"/);
    assert.ok(markTitle(m).includes(m.detail));
  });

  void test('a window of a big run costs what it costs in the events scale', () => {
    const big = layoutTimeline(buildTimeline(bigTrace(10_000)), { scale: 'time' });
    const mid = rowCenter(big, 5000);
    const [from, to] = rowsIn(big, mid, mid + 800);
    assert.ok(to - from > 20 && to - from < 400, `${to - from} rows in 800 px`);
    for (let r = from; r < to; r++)
      assert.ok(rowCenter(big, r) >= mid - big.rowHeight * 1.5 && rowCenter(big, r) <= mid + 800 + big.rowHeight);
    const svg = renderBody(big, mid, mid + 800);
    const marks = svg.match(/data-mark="/g)?.length ?? 0;
    assert.equal(marks, to - from);
  });

  void test('a filter lays out its marks to scale among themselves', () => {
    const t1 = new Set(model.marksByTxn.get('T1') ?? []);
    const filtered = layoutTimeline(model, { scale: 'time', only: t1 });
    assert.equal(filtered.rowCount, t1.size);
    for (let r = 1; r < filtered.rowCount; r++) {
      if (gapBetween(filtered, r - 1, r)) continue;
      const dt = timeOf(filtered, r) - timeOf(filtered, r - 1);
      const dy = dt === 0 ? TIME_SCALE.instantStep : dt * filtered.pxPerMicro;
      assert.ok(Math.abs(rowCenter(filtered, r) - rowCenter(filtered, r - 1) - dy) < 1e-6);
    }
  });
});
