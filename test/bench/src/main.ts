import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { killAllChildren, stopAllChildren } from './children.ts';
import { formatTable, ratiosOf, type VariantReport } from './report.ts';
import { parseScale, USAGE } from './scale.ts';
import { variantsFor } from './scenarios.ts';
import { repoRoot, serverSpecs } from './servers.ts';

process.on('exit', killAllChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping servers and clients`);
    killAllChildren();
    process.exit(130);
  });
}

const scale = parseScale(process.argv.slice(2), process.env);
if (scale === 'help') {
  console.log(USAGE);
  process.exit(0);
}

const servers = serverSpecs(scale.peerPersistence).filter((s) => scale.servers.includes(s.id));
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
  writeFileSync(output, `${JSON.stringify({ ...header, scale, scenarios: reports }, null, 2)}\n`);
};

try {
  for (const variant of variantsFor(scale)) {
    const report: VariantReport = {
      id: variant.id,
      title: variant.title,
      metrics: variant.metrics,
      results: {},
      errors: {},
      ratios: {},
    };
    for (const spec of servers) {
      const board = `bench-${variant.id}-${randomBytes(4).toString('hex')}`;
      process.stderr.write(`  running ${variant.id} on ${spec.id}…\n`);
      try {
        report.results[spec.id] = await variant.run(spec, board);
      } catch (err) {
        report.errors[spec.id] = err instanceof Error ? err.message : String(err);
        await stopAllChildren();
      }
    }
    report.ratios = ratiosOf(variant.metrics, report.results);
    reports.push(report);
    console.log(formatTable(report, servers));
    save();
  }
  console.log(`\nresults written to ${output}`);
} finally {
  await stopAllChildren();
}
