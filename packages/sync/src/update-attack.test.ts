import { afterEach, describe, expect, it, vi } from 'vitest';
import { CloseCode } from '@journeyboard/protocol';
import { probeBoard, sendUpdate, startAttackServer } from './test/attack-setup.ts';
import { concurrentValues } from './test/crafted-updates.ts';
import {
  Resources,
  boardId,
  connect,
  openTestStorage,
  startServer,
  tempDir,
  whenSynced,
} from './test/helpers.ts';
import { openUpdateSocket, type StoreOutcome } from './test/update-socket.ts';

const resources = new Resources();
afterEach(() => resources.closeAll());

describe('update structure limits (issue 15.1)', () => {
  it.each([30_000, 50_000])(
    'refuses a commenter update of %i concurrent values while another board stays live',
    async (count) => {
      const { server, quiet, target } = await startAttackServer(resources);
      const update = concurrentValues({ root: 'comments', key: 'x', count });
      expect(update.length).toBeGreaterThan(500_000);
      const probe = await probeBoard(resources, server, quiet);

      const closed = await sendUpdate(resources, server, target, 'commenter', update);
      const seen = probe.received;
      await vi.waitFor(() => expect(probe.received).toBeGreaterThan(seen + 5));

      expect(closed.code).toBe(CloseCode.UpdateTooComplex);
      expect(closed.reason).toMatch(/client ids|concurrent/);
      expect(probe.worstMs).toBeLessThan(100);
      const fresh = connect(resources, server, target, { role: 'viewer' });
      await whenSynced(fresh);
      expect(fresh.doc.getMap('comments').size).toBe(0);
    },
    30_000,
  );

  it('refuses many concurrent values from few client ids', async () => {
    const { server, target } = await startAttackServer(resources);
    const update = concurrentValues({ root: 'comments', key: 'x', count: 500 });
    const closed = await sendUpdate(resources, server, target, 'commenter', update);
    expect(closed).toEqual({
      code: CloseCode.UpdateTooComplex,
      reason: 'more than 100 concurrent items at one place',
    });
  });

  // The budget is checked before any write policy: the default policy (everyone edits)
  // keeps this about the work, not about who may write what.
  it('refuses concurrent values that add up over many updates on one key', async () => {
    const storage = openTestStorage(resources, `${tempDir(resources)}/board.db`);
    const server = await startServer(resources, { storage });
    const attacker = await openUpdateSocket(resources, server, boardId());
    let outcome: StoreOutcome = 'stored';
    let rounds = 0;
    while (outcome === 'stored' && rounds < 100) {
      const firstClient = 2_000_000 + rounds * 100;
      outcome = await attacker.store(
        concurrentValues({ root: 'comments', key: 'x', count: 99, firstClient }),
      );
      rounds++;
    }
    const refusal = outcome === 'stored' ? null : outcome.code;
    expect([CloseCode.UpdateTooComplex, CloseCode.RateLimited]).toContain(refusal);
    expect(rounds).toBeLessThan(60);
  }, 20_000);
});
