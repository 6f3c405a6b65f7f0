/**
 * The run's part of a hover: on a step or a trigger, what it did and every server's state right after it;
 * on a transaction's name, its coordinates and fate. Only from a trace of the very version hovered.
 */
import type { HoverContributorFactory } from './hover';
import { runHoverSection, transactionHint } from './run-view';

export const runHover: HoverContributorFactory = (ctx) => (request) => {
  const run = ctx.runs.resultFor(request.uri, request.version);
  if (!run) return [];
  const item = request.item;
  if (!item) return [];
  const sections: string[] = [];
  if (item.kind === 'step' || item.kind === 'trigger') {
    const section = runHoverSection(run.trace, item.range.start.line);
    if (section) sections.push(section);
  } else if (item.kind === 'expectOutcome') {
    const txn = run.trace.transactions.find((t) => t.id === item.txn.text);
    if (txn) sections.push(`**${txn.id}** in this run: ${transactionHint(run.trace, txn)}`);
  }
  return sections;
};
