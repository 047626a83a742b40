import { afterEach, describe, expect, it } from 'vitest';
import { serverSpecs, startServer, type RunningServer } from '../bench/src/servers.ts';
import { runTraffic } from '../bench/src/traffic.ts';

// Proves the benchmark harness measures what it claims, against our real sync server in
// its own process: a run with a handful of clients must deliver every stamp it sent.
describe('bench harness', () => {
  let server: RunningServer | null = null;

  afterEach(async () => {
    await server?.stop();
    server = null;
  });

  it('measures latency and a delivery ratio of 1 against our server with 5 clients', async () => {
    const ours = serverSpecs('none').find((s) => s.id === 'ours')!;
    server = await startServer(ours);
    const phases: string[] = [];

    const result = await runTraffic({
      url: server.url('bench-smoke'),
      dialect: ours.dialect,
      board: 'bench-smoke',
      clients: 5,
      writers: 2,
      writeHz: 20,
      awarenessSenders: 0,
      awarenessHz: 0,
      warmupMs: 300,
      measureMs: 1500,
      onPhase: (phase) => {
        phases.push(phase);
      },
    });

    expect(phases).toEqual(['connected', 'measure-start', 'measure-end']);
    expect(result.closedEarly).toBe(0);
    expect(result.doc!.sent).toBeGreaterThan(20);
    expect(result.doc!.expected).toBe(result.doc!.sent * 4);
    expect(result.doc!.deliveryRatio).toBe(1);
    expect(result.doc!.duplicates).toBe(0);
    expect(result.doc!.latencyMs.count).toBe(result.doc!.delivered);
    expect(result.doc!.latencyMs.p50).toBeGreaterThan(0);
    expect(result.doc!.latencyMs.p99).toBeGreaterThanOrEqual(result.doc!.latencyMs.p50!);
  });
});
