// The webview's messages are not trusted (issue 8): only well-formed messages pass, a reveal only of the panel's
// own document, a view state only within its types and bounds, a restored document only if it is a .repl file, an
// export given as an argument only into the workspace or next to the document. A seeded fuzz of mangled messages.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportTargetProblem, isFollowableUri, parseWebviewMessage, validViewState } from '../../src/webview-validate';
import { createPrng } from '../../../server/src/engine/prng';
import { FUZZ_SCALE, FUZZ_SEED } from '../../../server/test/helpers/fuzz';

const DOC = 'file:///work/s04.repl';
const state = {
  uri: DOC,
  zoom: 1,
  collapsed: ['clients'],
  hidden: [],
  topTime: null,
  cursorTime: 12,
  cursorKey: null,
  search: '',
  txn: 'T2',
  details: null,
};

void test('a reveal only of the panel’s document, on a real line', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'reveal', uri: DOC, line: 3, eventId: 7 }, DOC), {
    type: 'reveal',
    uri: DOC,
    line: 3,
    eventId: 7,
  });
  for (const bad of [
    { type: 'reveal', uri: 'file:///etc/passwd', line: 0, eventId: 1 },
    { type: 'reveal', uri: 'command:workbench.action.quit', line: 0, eventId: 1 },
    { type: 'reveal', uri: DOC, line: -1, eventId: 1 },
    { type: 'reveal', uri: DOC, line: 1.5, eventId: 1 },
    { type: 'reveal', uri: DOC, line: '3', eventId: 1 },
    { type: 'reveal', uri: DOC, line: 3 },
  ])
    assert.equal(parseWebviewMessage(bad, DOC), undefined, JSON.stringify(bad));
  assert.equal(parseWebviewMessage({ type: 'reveal', uri: DOC, line: 3, eventId: 7 }, undefined), undefined, 'no document, no reveal');
});

void test('view states are rebuilt within their types; a restored document must be a .repl file', () => {
  assert.deepEqual(validViewState(state), state);
  assert.deepEqual(parseWebviewMessage({ type: 'viewState', state }, DOC), { type: 'viewState', state });
  for (const [field, value] of [
    ['zoom', Number.NaN],
    ['zoom', -1],
    ['collapsed', 'clients'],
    ['collapsed', [1, 2]],
    ['hidden', Array(20_000).fill('x')],
    ['search', 'x'.repeat(5000)],
    ['details', 'yes'],
    ['topTime', Infinity],
    ['cursorKey', {}],
  ] as const) {
    assert.equal(validViewState({ ...state, [field]: value }), undefined, `${field} = ${JSON.stringify(value)}`);
    assert.equal(parseWebviewMessage({ type: 'viewState', state: { ...state, [field]: value } }, DOC), undefined);
  }
  for (const uri of [
    'file:///home/u/.ssh/id_rsa',
    'command:workbench.action.quit',
    'https://evil.example/x.repl',
    'file:///x.repl?query',
    42,
  ])
    assert.equal(validViewState({ ...state, uri })?.uri, undefined, String(uri));
  assert.ok(isFollowableUri('vscode-remote://ssh-remote+h/work/a.REPL'));
  assert.ok(isFollowableUri('untitled:Untitled-1'));
  // A `ready` with a broken state still says the webview is ready, with no state.
  assert.deepEqual(parseWebviewMessage({ type: 'ready', state: { zoom: 'big' } }, DOC), { type: 'ready', state: null });
});

void test('exports given as an argument: only .svg/.html files in the workspace or next to the document', () => {
  const roots = [{ scheme: 'file', path: '/work/project' }];
  const doc = { scheme: 'file' };
  assert.equal(exportTargetProblem({ scheme: 'file', path: '/work/project/out/s04.timeline.html' }, doc, roots), undefined);
  assert.equal(exportTargetProblem({ scheme: 'file', path: '/work/project/s04.svg' }, doc, roots), undefined);
  for (const path of [
    '/home/u/.bashrc',
    '/work/project/.vscode/settings.json',
    '/work/project/../x.html',
    '/work/projectile/x.html',
    '/x.html',
  ])
    assert.ok(exportTargetProblem({ scheme: 'file', path }, doc, roots), path);
  assert.ok(exportTargetProblem({ scheme: 'https', path: '/work/project/x.html' }, doc, roots));
});

void test('fuzz: mangled messages never pass as something they are not', () => {
  const prng = createPrng(14 + FUZZ_SEED);
  const values: unknown[] = [
    null,
    undefined,
    0,
    -1,
    1.5,
    Number.NaN,
    '',
    'x',
    DOC,
    'file:///etc/passwd',
    true,
    [],
    {},
    { type: 'reveal' },
    state,
  ];
  const types = ['ready', 'reveal', 'viewState', 'export', 'snapshot', 'clicked', 'pressed', 'log', 'bogus', 42];
  const fields = ['uri', 'line', 'eventId', 'state', 'format', 'requestId', 'snapshot', 'found', 'level', 'message'];
  for (let i = 0; i < 2000 * FUZZ_SCALE; i++) {
    const message: Record<string, unknown> = { type: types[prng.upTo(types.length - 1)] };
    for (const f of fields) if (prng.next() < 0.5) message[f] = values[prng.upTo(values.length - 1)];
    const parsed = parseWebviewMessage(message, DOC);
    if (!parsed) continue;
    assert.equal(parsed.type, message.type);
    if (parsed.type === 'reveal') assert.equal(parsed.uri, DOC);
    if (parsed.type === 'viewState') assert.deepEqual(parsed.state, validViewState(parsed.state));
    if (parsed.type === 'export') assert.ok(parsed.format === 'svg' || parsed.format === 'html');
  }
});

void test('the status table at the cursor is asked for with whole numbers and a finite time; the search filter is a flag', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'statusAt', requestId: 3, version: 7, time: 1500 }, DOC), {
    type: 'statusAt',
    requestId: 3,
    version: 7,
    time: 1500,
  });
  for (const bad of [
    { type: 'statusAt', requestId: 3, version: 7, time: Number.NaN },
    { type: 'statusAt', requestId: -1, version: 7, time: 1 },
    { type: 'statusAt', requestId: 3, version: '7', time: 1 },
    { type: 'statusAt', requestId: 3, time: 1 },
  ])
    assert.equal(parseWebviewMessage(bad, DOC), undefined, JSON.stringify(bad));
  assert.equal(validViewState({ ...state, filter: true })?.filter, true);
  assert.equal(validViewState({ ...state }) && 'filter' in validViewState({ ...state })!, false);
  assert.equal(validViewState({ ...state, filter: 'yes' }), undefined);
});

void test('the scale is one of the two, or absent (one row per event)', () => {
  assert.equal(validViewState({ ...state, scale: 'time' })?.scale, 'time');
  assert.equal(validViewState({ ...state, scale: 'events' })?.scale, 'events');
  assert.equal(validViewState({ ...state }) && 'scale' in validViewState({ ...state })!, false);
  for (const bad of ['log', '', 1, null, ['time']]) assert.equal(validViewState({ ...state, scale: bad }), undefined, JSON.stringify(bad));
});

void test('a PNG comes back as a PNG data URL or as the reason there is none; an export may ask for one', () => {
  const url = 'data:image/png;base64,iVBORw0KGgo=';
  assert.deepEqual(parseWebviewMessage({ type: 'png', requestId: 4, dataUrl: url }, DOC), { type: 'png', requestId: 4, dataUrl: url });
  assert.deepEqual(parseWebviewMessage({ type: 'png', requestId: 4, error: 'too large', pending: false }, DOC), {
    type: 'png',
    requestId: 4,
    error: 'too large',
    pending: false,
  });
  for (const bad of [
    { type: 'png', requestId: 4, dataUrl: 'data:text/html;base64,PHNjcmlwdD4=' },
    { type: 'png', requestId: 4, dataUrl: 'javascript:alert(1)' },
    { type: 'png', requestId: -1, dataUrl: url },
    { type: 'png', requestId: 4, error: 'x' },
    { type: 'png', requestId: 4, error: 'x', pending: false, dataUrl: 'data:text/plain,x' },
    { type: 'png', requestId: 4 },
  ])
    assert.equal(parseWebviewMessage(bad, DOC), undefined, JSON.stringify(bad));
  assert.deepEqual(parseWebviewMessage({ type: 'export', format: 'png' }, DOC), { type: 'export', format: 'png' });
  assert.equal(parseWebviewMessage({ type: 'export', format: 'gif' }, DOC), undefined);
  const roots = [{ scheme: 'file', path: '/work' }];
  assert.equal(exportTargetProblem({ scheme: 'file', path: '/work/s04.timeline.png' }, { scheme: 'file' }, roots), undefined);
  assert.match(exportTargetProblem({ scheme: 'file', path: '/work/s04.gif' }, { scheme: 'file' }, roots) ?? '', /\.png file/);
});
