import { describe, expect, it } from 'vitest';
import { formatScenarioFailure } from '../../src/reporters/console.js';
import { runScenarios, type RunReport } from '../../src/runner.js';
import { loadScenarios } from '../../src/scenario/load.js';
import { openTarget } from '../../src/targets/index.js';
import { checkedFetch } from '../support/contract-client.js';
import { spawnEmulator, type SpawnedEmulator } from '../support/spawned-emulator.js';
import { defineScenarioTests, SCENARIOS_DIR } from './scenario-tests.js';

/**
 * One spawned emulator (what `npm start` runs) for the whole file. Each scenario is a test on the
 * url target, verified against its shipped snapshot; meanwhile a second run of every scenario goes
 * on against the same emulator, started with the first (each run on tenants of its own), and is
 * checked at the end: two suites sharing one emulator at once, as two CI jobs would.
 */
describe('scenarios on the url target (a spawned `npm start` emulator over HTTP, on tenants the target makes), verified against their shipped snapshots', () => {
  let emulator: SpawnedEmulator;
  let parallelRun: Promise<RunReport | Error>;

  defineScenarioTests(async () => {
    emulator = await spawnEmulator([]);
    const target = await openTarget({ target: 'url', baseUrl: emulator.url });
    parallelRun = runScenarios([SCENARIOS_DIR], { target: 'url', baseUrl: emulator.url }).catch((error: Error) => error);
    return {
      ...target,
      close: async () => {
        await target.close();
        await parallelRun;
        await emulator.stop();
      },
    };
  }, { verifySnapshots: true });

  it('url target: a second run of every scenario, started with the tests above against the same emulator, passes too, on tenants of its own', async () => {
    const report = await parallelRun;
    if (report instanceof Error) throw report;
    const failed = report.scenarios.filter((s) => s.outcome === 'failed');
    expect(failed.map((s) => s.id), failed.map((s) => formatScenarioFailure(s)).join('\n')).toEqual([]);
    expect(report.counts.passed).toBe(loadScenarios([SCENARIOS_DIR]).filter((s) => s.targets.includes('emulator')).length);
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
