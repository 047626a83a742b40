import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// No Docker engine (nor compose plugin) runs on the test machines, so the files are
// checked for the topology the README promises: web, two sync nodes on PostgreSQL and
// Redis, and a proxy sending /sync/* to the nodes.
const dockerDir = new URL('../../../docker/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dockerDir), 'utf8');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string; target: string };
  environment?: Record<string, string>;
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: string[];
}
const compose = parse(read('compose.yaml'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;

describe('docker/compose.yaml', () => {
  it('runs web, two sync nodes, PostgreSQL 15, Redis 7 and a Caddy proxy', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['postgres', 'proxy', 'redis', 'sync-1', 'sync-2', 'web'].sort(),
    );
    expect(services.postgres?.image).toBe('postgres:15');
    expect(services.redis?.image).toBe('redis:7');
    expect(services.proxy?.image).toMatch(/^caddy:2/);
    expect(services.web?.build).toMatchObject({ dockerfile: 'docker/Dockerfile', target: 'web' });
    for (const node of ['sync-1', 'sync-2']) {
      expect(services[node]?.build).toMatchObject({
        dockerfile: 'docker/Dockerfile',
        target: 'sync',
      });
    }
  });

  it('gives every service a health check, the node ones on /healthz', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.healthcheck, name).toBeDefined();
    }
    for (const name of ['web', 'sync-1', 'sync-2', 'proxy']) {
      expect(JSON.stringify(services[name]?.healthcheck?.test), name).toContain('/healthz');
    }
  });

  it('points web and the sync nodes at the same PostgreSQL, and the nodes at Redis', () => {
    const url = services.web?.environment?.DATABASE_URL;
    expect(url).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
    for (const node of ['sync-1', 'sync-2']) {
      const env = services[node]?.environment ?? {};
      expect(env.DATABASE_URL).toBe(url);
      expect(env.REDIS_URL).toBe('redis://redis:6379');
      expect(env.HOST).toBe('0.0.0.0');
      expect(env.JOURNEYBOARD_NO_AUTH).toBeUndefined();
      expect(services[node]?.depends_on).toMatchObject({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    }
  });

  it('points web at Redis too: its server-made writes reach the nodes that hold the board', () => {
    expect(services.web?.environment?.REDIS_URL).toBe('redis://redis:6379');
    expect(services.web?.depends_on).toMatchObject({ redis: { condition: 'service_healthy' } });
  });

  it("takes web's client address from the proxy's X-Forwarded-For, one hop deep", () => {
    // The per-address sign-in limit would otherwise see the proxy's address for everyone.
    expect(services.web?.environment).toMatchObject({
      ADDRESS_HEADER: 'X-Forwarded-For',
      XFF_DEPTH: '1',
    });
    expect(services.web?.ports).toBeUndefined();
  });

  it('keeps data in named volumes', () => {
    expect(services.postgres?.volumes).toContain('postgres-data:/var/lib/postgresql/data');
    expect(services.redis?.volumes).toContain('redis-data:/data');
    for (const mount of [
      ...(services.postgres?.volumes ?? []),
      ...(services.redis?.volumes ?? []),
      ...(services.web?.volumes ?? []),
    ]) {
      expect(Object.keys(compose.volumes)).toContain(mount.split(':')[0]);
    }
  });

  it('publishes only the proxy, with its Caddyfile mounted', () => {
    const published = Object.entries(services).filter(([, s]) => s.ports);
    expect(published.map(([name]) => name)).toEqual(['proxy']);
    expect(services.proxy?.volumes).toContain('./Caddyfile:/etc/caddy/Caddyfile:ro');
  });
});

describe('docker/Caddyfile', () => {
  const caddyfile = read('Caddyfile');
  const block = (opening: string) => {
    const start = caddyfile.indexOf(opening);
    expect(start, opening).toBeGreaterThanOrEqual(0);
    return caddyfile.slice(start, caddyfile.indexOf('\n\t}', start));
  };

  it('sends /sync/* to both sync nodes, round robin', () => {
    const sync = block('handle /sync/* {');
    expect(sync).toMatch(/reverse_proxy sync-1:1234 sync-2:1234/);
    expect(sync).toContain('lb_policy round_robin');
    expect(sync).toContain('health_uri /healthz');
  });

  it('sends everything else to web', () => {
    expect(block('handle {')).toContain('reverse_proxy web:3000');
  });
});

describe('docker/Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('builds on node:24-slim with pnpm 11.28.10 and the frozen lockfile', () => {
    const bases = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(bases.filter((b) => b?.includes(':'))).toEqual(['node:24-slim', 'node:24-slim']);
    expect(dockerfile).toContain('npm install --global --no-audit --no-fund pnpm@11.28.10');
    expect(dockerfile).toContain('pnpm install --frozen-lockfile\n');
    expect(dockerfile).toContain('pnpm --filter @journeyboard/web build');
  });

  it('has web and sync targets that run as the non-root node user', () => {
    const stage = (name: string) => {
      const start = dockerfile.indexOf(`FROM runtime AS ${name}`);
      expect(start, name).toBeGreaterThanOrEqual(0);
      const next = dockerfile.indexOf('\nFROM ', start + 1);
      return dockerfile.slice(start, next === -1 ? undefined : next);
    };
    expect(stage('web')).toContain('CMD ["node", "apps/web/server.ts"]');
    expect(stage('sync')).toContain('CMD ["node", "apps/sync/src/main.ts"]');
    for (const name of ['web', 'sync']) {
      expect(stage(name)).toMatch(/^USER node$/m);
      expect(stage(name)).toContain('HEALTHCHECK');
    }
  });
});
