import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { diffRecordings, formatDifferences, readRecordings } from '../../src/drift/diff.js';
import { mergeShapes, normalizeShape } from '../../src/drift/normalize.js';
import { Recorder, type Recording } from '../../src/drift/record.js';
import { runScenarios } from '../../src/runner.js';
import { SCENARIOS_DIR } from '../contract/scenario-tests.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mono-drift-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('drift: normalized shapes', () => {
  it('ids keep their prefix; times, dates and money amounts become placeholders; other scalars their type', () => {
    expect(
      normalizeShape({
        id: 'car_5tgliBmzjZ6mpQPRbQjfKj',
        inserted_at: '2026-03-02T12:00:00Z',
        timestamp: '2022-12-29T15:42:08.325158Z',
        birthdate: '1990-04-17',
        initial_balance: { amount: 15000000, currency: 'COP' },
        state: 'active',
        count: 3,
        rate: 1.5,
        default: true,
        nickname: null,
      }),
    ).toEqual({
      birthdate: '<date>',
      count: '<integer>',
      default: '<boolean>',
      id: '<id:car>',
      initial_balance: { amount: '<money>', currency: '<string>' },
      inserted_at: '<datetime>',
      nickname: null,
      rate: '<number>',
      state: '<string>',
      timestamp: '<datetime>',
    });
  });

  it('arrays collapse to one item that merges every item; a list of 1 and of 30 have the same shape', () => {
    expect(normalizeShape([{ a: 1 }, { b: 'x' }])).toEqual([{ a: '<integer>', b: '<string>' }]);
    expect(normalizeShape([{ a: 1 }])).toEqual(normalizeShape(Array.from({ length: 30 }, (_, i) => ({ a: i }))));
    expect(normalizeShape([])).toEqual([]);
  });

  it('merging: differing leaves become alternatives; null beside an object is noted', () => {
    expect(mergeShapes('<id:acc>', '<id:lacc>')).toBe('<id:acc>|<id:lacc>');
    expect(mergeShapes(null, '<string>')).toBe('<string>|null');
    expect(mergeShapes({ a: '<integer>' }, null)).toEqual({ a: '<integer>', '<nullable>': true });
  });
});

describe('drift: record and diff', () => {
  it('the recorder writes one file per operation and status with the merged shape', () => {
    const recorder = new Recorder();
    recorder.add({ operation: 'getCard', method: 'GET', path: '/v1/cards/car_1', status: 200, body: { id: 'car_5tgliBmzjZ6mpQPRbQjfKj', nickname: null } });
    recorder.add({ operation: 'getCard', method: 'GET', path: '/v1/cards/car_2', status: 200, body: { id: 'car_5tgliBmzjZ6mpQPRbQjfKk', nickname: 'x' } });
    recorder.add({ operation: 'error envelope', method: 'GET', path: '/v1/nowhere', status: 404, body: { code: '404 Not Found' } });
    const dir = tempDir();
    expect(recorder.write(dir)).toEqual(['error-envelope.404.json', 'getCard.200.json']);
    const recording = JSON.parse(readFileSync(join(dir, 'getCard.200.json'), 'utf8')) as Recording;
    expect(recording).toEqual({ operation: 'getCard', status: 200, method: 'GET', example_path: '/v1/cards/car_1', answers: 2, shape: { id: '<id:car>', nickname: '<string>|null' } });
  });

  it('diff names each difference by operation, status and JSON path, and what each side has', () => {
    const a = new Map<string, Recording>([
      ['getCard.200.json', { operation: 'getCard', status: 200, method: 'GET', example_path: '/', answers: 1, shape: { id: '<id:car>', masked_pan: '<string>', cardholder: { email: '<string>' } } }],
      ['listCards.200.json', { operation: 'listCards', status: 200, method: 'GET', example_path: '/', answers: 1, shape: { cards: [] } }],
    ]);
    const b = new Map<string, Recording>([
      ['getCard.200.json', { operation: 'getCard', status: 200, method: 'GET', example_path: '/', answers: 1, shape: { id: '<id:car>', pan_hint: '<string>', cardholder: { email: '<string>|null' } } }],
      ['getCard.404.json', { operation: 'getCard', status: 404, method: 'GET', example_path: '/', answers: 1, shape: {} }],
    ]);
    const differences = diffRecordings(a, b);
    expect(differences).toEqual(
      expect.arrayContaining([
        { operation: 'getCard', status: 200, path: '$.body.masked_pan', kind: 'only-in-a', a: '<string>' },
        { operation: 'getCard', status: 200, path: '$.body.pan_hint', kind: 'only-in-b', b: '<string>' },
        { operation: 'getCard', status: 200, path: '$.body.cardholder.email', kind: 'changed', a: '<string>', b: '<string>|null' },
        { operation: 'getCard', status: 404, path: '$', kind: 'only-in-b' },
        { operation: 'listCards', status: 200, path: '$', kind: 'only-in-a' },
      ]),
    );
    expect(differences).toHaveLength(5);
    const text = formatDifferences(differences, { a: 'emulator', b: 'sandbox' });
    expect(text).toContain('getCard 200 $.body.cardholder.email: "<string>" in emulator, "<string>|null" in sandbox');
    expect(text).toContain('getCard 404 $: recorded only in sandbox');
    expect(text.trim().split('\n').at(-1)).toBe('5 shape differences between emulator and sandbox.');
  });

  it('two recordings of the same scenarios on the emulator have no differences; a changed shape is found', async () => {
    const [first, second] = [tempDir(), tempDir()];
    for (const dir of [first, second]) {
      const recorder = new Recorder();
      await runScenarios([join(SCENARIOS_DIR, 'cards')], { target: 'emulator' }, { recorder, seed: dir === first ? 1 : 2 });
      recorder.write(dir);
    }
    expect(readdirSync(first)).toEqual(expect.arrayContaining(['createBankingCard.201.json', 'updateCard.409.json', 'activateCard.200.json']));
    expect(diffRecordings(readRecordings(first), readRecordings(second))).toEqual([]);

    const file = join(second, 'getCard.200.json');
    const recording = JSON.parse(readFileSync(file, 'utf8')) as Recording;
    (recording.shape as Record<string, unknown>).last_four = '<integer>';
    writeFileSync(file, JSON.stringify(recording));
    expect(diffRecordings(readRecordings(first), readRecordings(second))).toEqual([
      { operation: 'getCard', status: 200, path: '$.body.last_four', kind: 'changed', a: '<string>', b: '<integer>' },
    ]);
  });
});
