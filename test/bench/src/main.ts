import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { killAllChildren, stopAllChildren } from './children.ts';
import { formatTable, ratioValuesOf, type VariantReport } from './report.ts';
import { parseScale, USAGE } from './scale.ts';
import { redactUrl } from './scale-out-env.ts';
import { variantsFor } from './scenarios.ts';
import { repoRoot, serverSpecs } from './servers.ts';
import type { VariantSession } from './variant.ts';

/** Sessions still open (a throwaway database, Redis keys): closed even on Ctrl-C. */
const openSessions = new Set<VariantSession>();
/** Set by Ctrl-C: start nothing more while the sessions close. */
let interrupted = false;

process.on('exit', killAllChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping servers and clients`);
    interrupted = true;
    killAllChildren();
    const closing = [...openSessions].map((session) => session.close());
    void Promise.race([Promise.allSettled(closing), sleep(5000)]).then(() => process.exit(130));
  });
}

const scale = parseScale(process.argv.slice(2), process.env);
if (scale === 'help') {
  console.log(USAGE);
  process.exit(0);
}

const servers = serverSpecs(scale.peerPersistence, scale.oursNodeOptions).filter((s) =>
  scale.servers.includes(s.id),
);
const cpuList = cpus();
const header = {
  date: new Date().toISOString(),
  machine: {
    cores: cpuList.length,
    cpu: cpuList[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  },
  node: process.version,
  mode: scale.quick ? 'quick' : 'full',
  servers: servers.map(({ id, version, persistence }) => ({ id, version, persistence })),
};

console.log('# Journeyboard sync benchmark');
console.log(`date     ${header.date} (${header.mode} run)`);
console.log(
  `machine  ${header.machine.cores} cores, ${header.machine.cpu}, ${header.machine.memoryGiB} GiB`,
);
console.log(`node     ${header.node}; each server and the clients in their own process, 127.0.0.1`);
for (const s of header.servers)
  console.log(`server   ${s.id.padEnd(20)} ${s.version.padEnd(8)} storage: ${s.persistence}`);
console.log(`window   ${scale.warmupMs / 1000} s warm-up, ${scale.measureMs / 1000} s measured`);

const output = resolve(repoRoot, scale.output);
const reports: VariantReport[] = [];
const save = () => {
  mkdirSync(dirname(output), { recursive: true });
  const shown = {
    ...scale,
    databaseUrl: redactUrl(scale.databaseUrl),
    redisUrl: redactUrl(scale.redisUrl),
  };
  writeFileSync(
    output,
    `${JSON.stringify({ ...header, scale: shown, scenarios: reports }, null, 2)}\n`,
  );
};

if (scale.scenarios.includes('fanout-2nodes') && !scale.servers.includes('ours')) {
  console.log('\nfanout-2nodes runs our server only: not run, as --servers leaves out ours');
}

let failed = false;
try {
  for (const variant of variantsFor(scale, servers)) {
    if (interrupted) break;
    const report: VariantReport = {
      id: variant.id,
      title: variant.title,
      metrics: variant.metrics,
      columns: variant.columns,
      ratios: variant.ratios,
      results: {},
      errors: {},
      ratioValues: {},
    };
    let session: VariantSession | null = null;
    try {
      session = await variant.open();
      openSessions.add(session);
    } catch (err) {
      // E.g. PostgreSQL or Redis is down: every column fails with the reason.
      for (const column of variant.columns) report.errors[column] = messageOf(err);
      failed = true;
    }
    if (session) {
      try {
        for (const column of variant.columns) {
          if (interrupted) break;
          const slug = column.replaceAll(/[^a-z0-9]+/gi, '-').replace(/-$/, '');
          const board = `bench-${variant.id}-${slug}-${randomBytes(4).toString('hex')}`;
          process.stderr.write(`  running ${variant.id} on ${column}…\n`);
          try {
            report.results[column] = await session.run(column, board);
          } catch (err) {
            report.errors[column] = messageOf(err);
            await stopAllChildren();
          }
        }
      } finally {
        report.notes = [...(session.notes ?? [])];
        openSessions.delete(session);
        await session.close().catch((err: unknown) => {
          report.notes = [...(report.notes ?? []), `warning: ${messageOf(err)}`];
          failed = true;
        });
      }
    }
    report.ratioValues = ratioValuesOf(variant.metrics, report.results, variant.ratios);
    reports.push(report);
    console.log(formatTable(report));
    save();
  }
  console.log(`\nresults written to ${output}`);
} finally {
  await stopAllChildren();
}
if (failed) process.exitCode = 1;

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
