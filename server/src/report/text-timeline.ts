/**
 * The run as text, for the command line: one line per event (time, server/lane, what, positions),
 * then the expectations and the verdicts. Pure: trace in, string out.
 */
import { formatMicros, type Trace, type TraceEvent } from '../trace/trace';

function coordinates(e: TraceEvent): string {
  const parts: string[] = [];
  if (e.log) parts.push(`${e.log.file}:${e.log.start}→${e.log.end}`);
  if (e.relay) parts.push(`${e.relay.file}:${e.relay.start}→${e.relay.end}`);
  return parts.join(' ');
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The whole report. `lineOffset` is added to zero-based lines (1 for people). */
export function textTimeline(trace: Trace): string {
  const out: string[] = [];
  out.push(`${trace.title || 'scenario'} · ${trace.flavor} · seed ${trace.seed}`);
  out.push('');
  for (const e of trace.events) {
    const who = e.lane === 'client' ? `${e.client ?? '?'}@${e.server}` : `${e.server}/${e.lane}`;
    const time = pad(formatMicros(e.time), 11);
    const where = e.line !== undefined ? `  (line ${e.line + 1})` : '';
    const coords = coordinates(e);
    out.push(
      `${time} ${pad(who, 14)} ${pad(e.kind, 18)} ${e.txn ? pad(e.txn, 5) : '     '}${coords ? ` ${coords}` : ''}  ${e.label}${where}`,
    );
  }
  out.push('');
  out.push(`ended at ${formatMicros(trace.endTime)}: ${trace.endReason} (${trace.processedEvents} events processed)`);
  if (trace.stillWaiting) {
    for (const w of trace.stillWaiting.waiters) out.push(`  still waiting: ${w.who}: ${w.what}, since ${formatMicros(w.since)}`);
  }
  if (trace.expectations.length > 0) {
    out.push('');
    out.push('expectations:');
    for (const x of trace.expectations) out.push(`  ${x.passed ? 'pass' : 'FAIL'}  line ${x.line + 1}: ${x.message}`);
  }
  if (trace.verdicts.length > 0) {
    out.push('');
    out.push('verdicts:');
    for (const v of trace.verdicts) {
      const where = v.line !== undefined ? ` (line ${v.line + 1})` : '';
      out.push(`  ${v.kind}${v.txn ? ` ${v.txn}` : ''} at ${formatMicros(v.time)}${where}: ${v.message}`);
    }
  }
  if (trace.internalError) out.push(`\ninternal error (seed ${trace.internalError.seed}): ${trace.internalError.message}`);
  return out.join('\n') + '\n';
}
