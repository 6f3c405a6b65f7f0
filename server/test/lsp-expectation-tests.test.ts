// replscope/expectationTests: the Test Explorer's request runs a file's expectations in an engine worker and answers
// what `replscope test` finds for the same text; malformed parameters get null, and the server goes on.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runExpectationTests, type ExpectationTestResult } from '../src/expectation-tests';
import { TestClient } from './helpers/lsp-client';

const example = join(__dirname, '..', '..', 'examples', 's05-crash-after-ack-retry-duplicates.repl');

void test('replscope/expectationTests answers what the command line finds, for files open or not', async () => {
  const client = await TestClient.start();
  try {
    const text = readFileSync(example, 'utf8');
    const answer = await client.connection.sendRequest<ExpectationTestResult[] | null>('replscope/expectationTests', {
      uri: 'file:///not-open.repl',
      text,
    });
    assert.deepEqual(answer, runExpectationTests(text));
    assert.equal(answer?.length, 14);
    assert.ok(answer?.every((r) => r.outcome === 'passed'));

    const wrong = `${text}expect r1 lacks payments(order_id=7)\n`;
    const failed = await client.connection.sendRequest<ExpectationTestResult[] | null>('replscope/expectationTests', {
      uri: 'file:///wrong.repl',
      text: wrong,
    });
    const last = failed?.at(-1);
    assert.equal(last?.outcome, 'failed');
    assert.equal(last?.line, wrong.split('\n').length - 2);
    assert.match(last?.message ?? '', /payments/);

    for (const params of [null, 5, {}, { uri: 'file:///x.repl' }, { uri: 7, text: '' }, { uri: 'file:///x.repl', text: 3 }])
      assert.equal(await client.connection.sendRequest('replscope/expectationTests', params), null, JSON.stringify(params));
    assert.deepEqual(
      client.logs.filter((l) => /failed/.test(l)),
      [],
    );
  } finally {
    await client.stop();
  }
});
