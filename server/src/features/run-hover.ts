/**
 * The run's part of a hover: on a step or a trigger, what it did and every server's state right after it;
 * on a transaction's name, its coordinates and fate. Only from a run of the very version hovered; the worker
 * that keeps the run's trace writes the section.
 */
import type { HoverContributorFactory } from './hover';

export const runHover: HoverContributorFactory = (ctx) => async (request) => {
  if (!ctx.runs.resultFor(request.uri, request.version)) return [];
  const item = request.item;
  if (!item) return [];
  let section: string | undefined | null;
  if (item.kind === 'step' || item.kind === 'trigger')
    section = await ctx.runs.query(request.uri, request.version, { kind: 'lineHover', line: item.range.start.line });
  else if (item.kind === 'expectOutcome')
    section = await ctx.runs.query(request.uri, request.version, { kind: 'transactionHover', txn: item.txn.text });
  return section ? [section] : [];
};
