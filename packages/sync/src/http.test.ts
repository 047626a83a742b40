import { afterEach, describe, expect, it } from 'vitest';
import {
  Resources,
  boardId,
  connect,
  openTestStorage,
  startServer,
  tempDir,
  whenSynced,
} from './test/helpers.ts';

const resources = new Resources();
afterEach(() => resources.closeAll());

async function setup() {
  const dir = tempDir(resources);
  const storage = openTestStorage(resources, `${dir}/board.db`);
  return startServer(resources, { storage });
}

describe('health and metrics', () => {
  it('GET /healthz reports boards, connections and uptime', async () => {
    const server = await setup();
    const provider = connect(resources, server, boardId());
    await whenSynced(provider);
    const res = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({
      ok: true,
      redis: 'off',
      boards: 1,
      connections: 1,
      uptime: expect.any(Number) as number,
      bufferedBytes: expect.any(Number) as number,
    });
  });

  it('GET /metrics serves Prometheus text with the sync counters', async () => {
    const server = await setup();
    const provider = connect(resources, server, boardId());
    await whenSynced(provider);
    provider.doc.getMap('cards').set('c1', 'metric me');
    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    for (const name of [
      'journeyboard_sync_connections 1',
      'journeyboard_sync_boards_loaded 1',
      'journeyboard_sync_messages_in_total',
      'journeyboard_sync_messages_out_total',
      'journeyboard_sync_bytes_in_total',
      'journeyboard_sync_bytes_out_total',
      'journeyboard_sync_log_appends_total',
      'journeyboard_sync_compactions_total',
      'journeyboard_sync_closes_total',
    ]) {
      expect(text).toContain(name);
    }
    const heap = Number(/^journeyboard_sync_heap_used_bytes (\d+)$/m.exec(text)?.[1]);
    const rss = Number(/^journeyboard_sync_resident_bytes (\d+)$/m.exec(text)?.[1]);
    expect(heap).toBeGreaterThan(1_000_000);
    expect(rss).toBeGreaterThan(heap);
  });

  it('leaves other requests to the caller', async () => {
    const server = await setup();
    const res = await fetch(`http://127.0.0.1:${server.port}/somewhere-else`);
    expect(res.status).toBe(404);
  });
});
