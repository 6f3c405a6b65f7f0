/**
 * The run as text, for the command line: one line per event (time, server/lane, what, positions),
 * then the expectations and the verdicts. Pure: trace in, lines out (a generator, so that a trace of millions of
 * events is printed without building one string of it).
 */
import { formatMicros, type RunSummary, type Trace, type TraceEvent } from '../trace/trace';
import { runStory, storyLines } from './run-story';

/** What the report prints: `only` keeps the events of those servers, clients and transactions (all when absent). */
export interface TextTimelineOptions {
  only?: ReadonlySet<string>;
}

/** Whether an event concerns one of the names: its server, the other end of its link, its client or its transaction. */
function concerns(e: TraceEvent, only: ReadonlySet<string>): boolean {
  return (
    only.has(e.server) ||
    (e.peer !== undefined && only.has(e.peer)) ||
    (e.client !== undefined && only.has(e.client)) ||
    (e.txn !== undefined && only.has(e.txn))
  );
}

function coordinates(e: TraceEvent): string {
  const parts: string[] = [];
  if (e.log) parts.push(`${e.log.file}:${e.log.start}→${e.log.end}`);
  if (e.relay) parts.push(`${e.relay.file}:${e.relay.start}→${e.relay.end}`);
  return parts.join(' ');
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The whole report, a line at a time (each line ends with `\n`). */
export function* textTimelineLines(trace: Trace, options: TextTimelineOptions = {}): Generator<string> {
  yield `${trace.title || 'scenario'} · ${trace.flavor} · seed ${trace.seed}\n`;
  yield '\n';
  yield 'in short:\n';
  yield* storyLines(runStory(trace));
  yield '\n';
  const only = options.only;
  if (only) yield `events of ${[...only].join(', ')} only:\n`;
  for (const e of trace.events) {
    if (only && !concerns(e, only)) continue;
    const who = e.lane === 'client' ? `${e.client ?? '?'}@${e.server}` : `${e.server}/${e.lane}`;
    const time = pad(formatMicros(e.time), 11);
    const where = e.line !== undefined ? `  (line ${e.line + 1})` : '';
    const coords = coordinates(e);
    yield `${time} ${pad(who, 14)} ${pad(e.kind, 18)} ${e.txn ? pad(e.txn, 5) : '     '}${coords ? ` ${coords}` : ''}  ${e.label}${where}\n`;
  }
  yield '\n';
  yield `ended at ${formatMicros(trace.endTime)}: ${trace.endReason} (${trace.processedEvents} events processed)\n`;
  if (trace.limit) yield `  stopped: ${trace.limit.message}\n`;
  if (trace.stillWaiting) {
    for (const w of trace.stillWaiting.waiters) yield `  still waiting: ${w.who}: ${w.what}, since ${formatMicros(w.since)}\n`;
  }
  yield* tailLines(trace, true);
}

/** The expectations and the verdicts (and an internal error), as the report ends. */
function* tailLines(result: RunSummary, separate: boolean): Generator<string> {
  let first = !separate;
  const heading = function* (title: string): Generator<string> {
    if (!first) yield '\n';
    first = false;
    yield `${title}\n`;
  };
  if (result.expectations.length > 0) {
    yield* heading('expectations:');
    for (const x of result.expectations) yield `  ${x.passed ? 'pass' : 'FAIL'}  line ${x.line + 1}: ${x.message}\n`;
  }
  if (result.verdicts.length > 0) {
    yield* heading('verdicts:');
    for (const v of result.verdicts) {
      const where = v.line !== undefined ? ` (line ${v.line + 1})` : '';
      yield `  ${v.kind}${v.txn ? ` ${v.txn}` : ''} at ${formatMicros(v.time)}${where}: ${v.message}\n`;
    }
  }
  if (result.internalError) yield `\ninternal error (seed ${result.internalError.seed}): ${result.internalError.message}\n`;
}

/** The whole report as one string. */
export function textTimeline(trace: Trace): string {
  return [...textTimelineLines(trace)].join('');
}

/** Only the expectations and the verdicts of a run (`run --summary`), formatted as the report's tail. */
export function* textSummaryLines(summary: RunSummary): Generator<string> {
  if (summary.limit) yield `stopped: ${summary.limit.message}\n\n`;
  yield* tailLines(summary, false);
}
