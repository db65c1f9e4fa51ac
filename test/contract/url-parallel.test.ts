import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatScenarioFailure } from '../../src/reporters/console.js';
import { runScenarios } from '../../src/runner.js';
import { loadScenarios } from '../../src/scenario/load.js';
import { openTarget } from '../../src/targets/index.js';
import { checkedFetch } from '../support/contract-client.js';
import { spawnEmulator, type SpawnedEmulator } from '../support/spawned-emulator.js';
import { SCENARIOS_DIR } from './scenario-tests.js';

describe('the url target on a shared emulator', () => {
  let emulator: SpawnedEmulator;
  beforeAll(async () => {
    emulator = await spawnEmulator([]);
  });
  afterAll(() => emulator.stop());

  it('url target: two runs of every scenario in parallel against one emulator both pass, each on tenants of its own', async () => {
    const emulatorScenarios = loadScenarios([SCENARIOS_DIR]).filter((s) => s.targets.includes('emulator'));
    const runs = await Promise.all([1, 2].map(() => runScenarios([SCENARIOS_DIR], { target: 'url', baseUrl: emulator.url })));
    for (const report of runs) {
      const failed = report.scenarios.filter((s) => s.outcome === 'failed');
      expect(failed.map((s) => s.id), failed.map((s) => formatScenarioFailure(s)).join('\n')).toEqual([]);
      expect(report.counts.passed).toBe(emulatorScenarios.length);
    }
    // The start-up tenant was never touched: its seeded accounts are as the emulator made them.
    const accounts = await checkedFetch(`${emulator.url}/v1/accounts`, { headers: { authorization: `Bearer ${emulator.apiKeys[0]}` } });
    expect(accounts.status).toBe(200);
  }, 120_000);

  it('url target: the tenants it made are removed when it closes; the keys it was given are left alone', async () => {
    const own = await openTarget({ target: 'url', baseUrl: emulator.url });
    const { primary, second } = own.apiKeys;
    expect(primary).toMatch(/^sandbox_/);
    expect(second).toMatch(/^sandbox_/);
    const accounts = (key: string) => checkedFetch(`${emulator.url}/v1/accounts`, { headers: { authorization: `Bearer ${key}` } });
    expect((await accounts(primary!)).status).toBe(200);
    await own.close();
    expect((await accounts(primary!)).status).toBe(401);
    expect((await accounts(second!)).status).toBe(401);

    const given = await openTarget({ target: 'url', baseUrl: emulator.url, apiKeys: [emulator.apiKeys[0]!] });
    await given.close();
    expect((await accounts(emulator.apiKeys[0]!)).status).toBe(200);
  });
});
