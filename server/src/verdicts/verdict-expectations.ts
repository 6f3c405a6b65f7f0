/**
 * Verdict expectations (`expect no lost_acknowledged_commit`, `expect duplicate_by_retry of T2`): about the whole run,
 * so they are checked on its verdicts once it has ended.
 */
import type { ExpectationPlan, Scenario } from '../model/scenario';
import type { ExpectationResult, Verdict } from '../trace/trace';

/**
 * Checks a verdict expectation against the run's verdicts, at the run's end time. The verdicts a positive expectation
 * names are marked as expected (`expectedBy`), so the editor shows them as information: the file said they would happen.
 */
export function checkVerdictExpectation(
  scenario: Scenario,
  plan: Extract<ExpectationPlan, { kind: 'verdict' }>,
  verdicts: readonly Verdict[],
  time: number,
): ExpectationResult {
  // A retry's verdict also concerns the transaction it repeated: `duplicate_by_retry of T2` names either.
  const retryOf = new Map(scenario.transactions.map((t) => [t.id, t.retryOf]));
  const concerns = (v: Verdict, subject: string): boolean =>
    v.txn === subject || (v.txn !== undefined && retryOf.get(v.txn) === subject) || v.servers.includes(subject);
  const found = verdicts.filter((v) => v.kind === plan.verdict && (plan.subject === undefined || concerns(v, plan.subject)));
  const want = `${plan.negated ? 'no ' : ''}${plan.verdict}${plan.subject ? ` for ${plan.subject}` : ''}`;
  const passed = plan.negated ? found.length === 0 : found.length > 0;
  if (!plan.negated) for (const v of found) v.expectedBy ??= plan.line;
  const message = passed
    ? `${want}${found[0] ? `: ${found[0].message}` : ''}`
    : plan.negated
      ? `expected ${want}, but: ${found[0].message}`
      : `expected ${want}, but the run has none`;
  return { line: plan.line, kind: plan.kind, atEnd: plan.atEnd, passed, time, message };
}
