/**
 * The questions the language server asks an engine worker about a document's full trace, and their answers:
 * pure functions of the trace, run in the worker that keeps it.
 */
import { runHoverSection, transactionHoverSection } from './features/run-view';
import type { Micros } from './model/scenario';
import { exportRefusal, renderTimelineFile, type TimelineFileFormat } from './timeline/export';
import type { TimelineScale } from './timeline/layout';
import { timelinePayload, type TimelinePayload, type TimelineQuery } from './timeline/payload';
import { statusTableAt, type StatusTable } from './timeline/status-table';
import type { Trace } from './trace/trace';

export type RunQuery =
  /** The run's hover section for a step or a trigger on `line`. */
  | { kind: 'lineHover'; line: number }
  /** The run's words on a transaction (an `expect TXN outcome …` line). */
  | { kind: 'transactionHover'; txn: string }
  /** The timeline panel's data. */
  | { kind: 'timeline'; query: TimelineQuery }
  /** Every server's state at `time` (the panel's time cursor). */
  | { kind: 'statusTable'; time: Micros }
  /** The whole timeline as a file, with these groups collapsed, lanes hidden and scale (what the panel shows). */
  | { kind: 'timelineFile'; format: TimelineFileFormat; collapsed: string[]; hidden: string[]; scale?: TimelineScale };

/** What each query answers. */
export interface RunAnswers {
  lineHover: string | undefined;
  transactionHover: string | undefined;
  timeline: TimelinePayload;
  statusTable: StatusTable;
  /** The file's text, or why it is not written. */
  timelineFile: { text: string } | { refused: string };
}

export function answerQuery(trace: Trace, query: RunQuery): RunAnswers[RunQuery['kind']] {
  switch (query.kind) {
    case 'lineHover':
      return runHoverSection(trace, query.line);
    case 'transactionHover':
      return transactionHoverSection(trace, query.txn);
    case 'timeline':
      return timelinePayload(trace, query.query);
    case 'statusTable':
      return statusTableAt(trace, query.time);
    case 'timelineFile': {
      const refused = exportRefusal(trace);
      if (refused) return { refused };
      return {
        text: renderTimelineFile(trace, query.format, { collapsed: query.collapsed, hidden: query.hidden, scale: query.scale }),
      };
    }
  }
}
