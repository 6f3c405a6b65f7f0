// The timeline's requests validate their parameters like the standard ones: a malformed request gets the empty
// answer, nothing is logged as a failure, and the server goes on answering.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { TestClient } from './helpers/lsp-client';

void test('replscope/timeline, timelineStatus and timelineFile with malformed parameters answer null without an error', async () => {
  const client = await TestClient.start();
  try {
    await malformed(client);
  } finally {
    await client.stop();
  }
});

async function malformed(client: TestClient): Promise<void> {
  const uri = 'file:///params.repl';
  await client.open(
    uri,
    'source m1 { }\nreplica r1 of m1 { }\ntable t (id int primary key)\nclient app on m1\napp: insert into t values (1)\n',
  );
  for (const params of [null, 5, {}, { uri: 7 }, { uri: ['x'] }])
    assert.equal(await client.connection.sendRequest('replscope/timeline', params), null, JSON.stringify(params));
  for (const params of [
    null,
    { uri },
    { uri, version: 'x', time: 1 },
    { uri, version: 1, time: Number.NaN },
    { uri, version: 1.5, time: 1 },
  ])
    assert.equal(await client.connection.sendRequest('replscope/timelineStatus', params), null, JSON.stringify(params));
  for (const params of [null, { uri }, { uri, format: 'exe' }, { uri: 3, format: 'svg' }])
    assert.equal(await client.connection.sendRequest('replscope/timelineFile', params), null, JSON.stringify(params));
  assert.deepEqual(
    client.logs.filter((l) => /failed/.test(l)),
    [],
  );
  const good = await client.connection.sendRequest<{ uri: string } | null>('replscope/timeline', { uri });
  assert.equal(good?.uri, uri);
}
