// The server reads its settings once (and again when told they changed), not per request, and sends only the refresh
// requests the client said it supports: this client (like Neovim) does not support inlay-hint refresh.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { InlayHintRequest, type InlayHint } from 'vscode-languageserver/node';
import { TestClient } from './helpers/lsp-client';

const text = [
  'source m1 { }',
  'replica r1 of m1 { }',
  'table t (id int primary key)',
  'client app on m1',
  'app: insert into t values (1)',
  'app: insert into t values (2)',
].join('\n');

void test('settings are read once; no inlay-hint refresh is sent to a client that cannot take it', async () => {
  const client = await TestClient.start();
  try {
    await settingsRoundTrips(client);
  } finally {
    await client.stop();
  }
});

async function settingsRoundTrips(client: TestClient): Promise<void> {
  let configurationRequests = 0;
  let refreshes = 0;
  client.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => {
    configurationRequests++;
    return params.items.map(() => ({ inlayHints: { enabled: true } }));
  });
  client.connection.onRequest('workspace/inlayHint/refresh', () => {
    refreshes++;
    return null;
  });
  const uri = 'file:///settings.repl';
  await client.open(uri, text);
  let hints: InlayHint[] = [];
  for (let i = 0; i < 50 && hints.length < 2; i++) {
    hints =
      (await client.connection.sendRequest(InlayHintRequest.type, {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } },
      })) ?? [];
    if (hints.length < 2) await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(hints.length, 2, 'the run’s hints arrived');
  assert.match(typeof hints[0]?.label === 'string' ? hints[0].label : '', /^T1: on m1, r1/);
  assert.ok(typeof hints[0]?.tooltip === 'string' && /binlog: mysql-bin\.000001:\d+→\d+/.test(hints[0].tooltip));
  for (let i = 0; i < 5; i++)
    await client.connection.sendRequest(InlayHintRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } },
    });
  assert.ok(configurationRequests <= 1, `configuration asked ${configurationRequests} times`);
  assert.equal(refreshes, 0);

  // Told that the configuration changed, it reads it again, and honours it.
  client.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => {
    configurationRequests++;
    return params.items.map(() => ({ inlayHints: { enabled: false } }));
  });
  const before = configurationRequests;
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  for (let i = 0; i < 50 && configurationRequests === before; i++) await new Promise((r) => setTimeout(r, 20));
  const off = await client.connection.sendRequest(InlayHintRequest.type, {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } },
  });
  assert.deepEqual(off, []);
}
