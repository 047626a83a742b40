import { parseArgs } from 'node:util';
import { SERVER_IDS, type ServerId } from './servers.ts';

const SCENARIO_IDS = ['fanout', 'fanout-2nodes', 'writers', 'cursors', 'join'] as const;
type ScenarioId = (typeof SCENARIO_IDS)[number];

export interface Scale {
  quick: boolean;
  warmupMs: number;
  measureMs: number;
  fanoutSizes: number[];
  fanoutWriters: number;
  fanoutHz: number;
  /** fanout-2nodes: clients in all, half on each of two sync nodes (and on the one node). */
  crossNodeClients: number;
  /** fanout-2nodes: a throwaway database is created through this server, then dropped. */
  databaseUrl: string;
  redisUrl: string;
  writersClients: number;
  writersCount: number;
  writersHz: number;
  cursorClients: number;
  cursorHz: number;
  joinClients: number;
  joinEntries: number;
  joinValueBytes: number;
  scenarios: ScenarioId[];
  servers: ServerId[];
  peerPersistence: 'sqlite' | 'none';
  /** NODE_OPTIONS for our server's process (e.g. --cpu-prof, --max-semi-space-size=4). */
  oursNodeOptions: string;
  output: string;
}

const USAGE = `usage: ./jb bench [--quick] [options]
  --quick                    ~1 minute smoke run (1 s warm-up, 3 s window, smaller N)
  --scenarios a,b            ${SCENARIO_IDS.join(',')} (default: all)
  --servers a,b              ${SERVER_IDS.join(',')} (default: all)
                             raw-relay: no document, no storage, each frame written as is
                             to every other socket (the floor; not in the join storm);
                             ours-postgres: ours on a throwaway database (--database-url)
  --warmup-ms N --measure-ms N
  --fanout-sizes 50,200,500  --fanout-writers 5 --fanout-hz 20
  --cross-node-clients 200   fanout-2nodes: the fan-out on two of our sync nodes sharing
                             PostgreSQL and Redis (half the clients and writers on each),
                             next to one node on the same PostgreSQL and Redis; ours only
  --database-url postgres://postgres@127.0.0.1:5432/test   where fanout-2nodes and
                             ours-postgres create (and at the end drop) throwaway databases
  --redis-url redis://127.0.0.1:6379   fanout-2nodes uses a fresh key prefix, deleted after
  --writers-clients 200      --writers 50 --writers-hz 10
  --cursor-clients 100       --cursor-hz 5
  --join-clients 100         --join-entries 10000 --join-value-bytes 136
  --peer-persistence sqlite|none   storage for the two peers (ours: SQLite,
                             but PostgreSQL in fanout-2nodes)
  --ours-node-options="--cpu-prof --cpu-prof-dir=/tmp/prof"   NODE_OPTIONS for our
                             server (ours, ours-postgres, fanout-2nodes): profile or tune it
  --output test-results/bench.json
Every option can also be given as an env var: BENCH_MEASURE_MS=5000, BENCH_QUICK=1, ...`;

const numberOptions = [
  'warmup-ms',
  'measure-ms',
  'fanout-writers',
  'fanout-hz',
  'cross-node-clients',
  'writers-clients',
  'writers',
  'writers-hz',
  'cursor-clients',
  'cursor-hz',
  'join-clients',
  'join-entries',
  'join-value-bytes',
] as const;

export function parseScale(argv: string[], env: NodeJS.ProcessEnv): Scale | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      help: { type: 'boolean', short: 'h' },
      quick: { type: 'boolean' },
      scenarios: { type: 'string' },
      servers: { type: 'string' },
      'fanout-sizes': { type: 'string' },
      'peer-persistence': { type: 'string' },
      'database-url': { type: 'string' },
      'redis-url': { type: 'string' },
      'ours-node-options': { type: 'string' },
      output: { type: 'string' },
      ...Object.fromEntries(numberOptions.map((name) => [name, { type: 'string' as const }])),
    },
  });
  if (values.help) return 'help';
  const get = (name: string): string | undefined => {
    const fromArgs = (values as Record<string, string | boolean | undefined>)[name];
    if (fromArgs !== undefined) return String(fromArgs);
    return env[`BENCH_${name.toUpperCase().replaceAll('-', '_')}`];
  };
  const quick = get('quick') === 'true' || get('quick') === '1';
  const num = (name: (typeof numberOptions)[number], full: number, fast = full): number => {
    const raw = get(name);
    const value = raw === undefined ? (quick ? fast : full) : Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
    return value;
  };
  const list = <T extends string>(name: string, all: readonly T[]): T[] => {
    const raw = get(name);
    if (!raw) return [...all];
    const picked = raw.split(',').map((s) => s.trim());
    for (const p of picked) {
      if (!all.includes(p as T)) throw new Error(`--${name}: unknown "${p}" (${all.join(', ')})`);
    }
    return picked as T[];
  };
  const persistence = get('peer-persistence') ?? 'sqlite';
  if (persistence !== 'sqlite' && persistence !== 'none') {
    throw new Error('--peer-persistence must be sqlite or none');
  }
  const crossNodeClients = num('cross-node-clients', 200);
  if (crossNodeClients < 2) throw new Error('--cross-node-clients must be at least 2');
  return {
    quick,
    warmupMs: num('warmup-ms', 3000, 1000),
    measureMs: num('measure-ms', 10_000, 3000),
    fanoutSizes: (get('fanout-sizes') ?? (quick ? '50,200' : '50,200,500')).split(',').map(Number),
    fanoutWriters: num('fanout-writers', 5),
    fanoutHz: num('fanout-hz', 20),
    crossNodeClients,
    databaseUrl: get('database-url') ?? 'postgres://postgres@127.0.0.1:5432/test',
    redisUrl: get('redis-url') ?? 'redis://127.0.0.1:6379',
    writersClients: num('writers-clients', 200, 100),
    writersCount: num('writers', 50),
    writersHz: num('writers-hz', 10),
    cursorClients: num('cursor-clients', 100, 50),
    cursorHz: num('cursor-hz', 5),
    joinClients: num('join-clients', 100),
    joinEntries: num('join-entries', 10_000),
    joinValueBytes: num('join-value-bytes', 136),
    scenarios: list('scenarios', SCENARIO_IDS),
    servers: list('servers', SERVER_IDS),
    peerPersistence: persistence,
    oursNodeOptions: get('ours-node-options') ?? '',
    output: get('output') ?? 'test-results/bench.json',
  };
}

export { USAGE };
