// The whole check suite behind `./jb test`: build, static checks, then every vitest
// project (unit, integration, browser). Ends with one plain summary line that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });

const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
const passthrough = process.argv.slice(2);

function run(label, command, args, cwd = root) {
  const started = Date.now();
  process.stdout.write(`\n▶ ${label}\n`);
  const { status } = spawnSync(command, args, { cwd, env, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`${status === 0 ? '✔' : '✘'} ${label} (${seconds}s)\n`);
  return status === 0;
}

const pnpm = 'pnpm';
const checks = [
  ['build web app', pnpm, ['--filter', '@journeyboard/web', 'build']],
  ['typecheck (tsc --noEmit)', pnpm, ['exec', 'tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['svelte-check', pnpm, ['--filter', '@journeyboard/web', 'check']],
  ['eslint', pnpm, ['exec', 'eslint', '.', '--max-warnings', '0']],
  ['prettier --check', pnpm, ['exec', 'prettier', '--check', '.', '--log-level', 'warn']],
  // Guards on the shape of the workspace (after the build: knip needs svelte-kit's types).
  ['knip (unused files, exports, dependencies)', pnpm, ['run', '--silent', 'knip']],
  [
    'imports (no circles, apps → packages only, no deep imports)',
    pnpm,
    ['run', '--silent', 'depcruise'],
  ],
  ['shared dependencies through the pnpm catalog', pnpm, ['run', '--silent', 'check:catalog']],
];

const failedChecks = [];
for (const [label, command, args] of checks) {
  if (!run(label, command, args)) failedChecks.push(label);
}

const report = join(results, 'vitest.json');
run('vitest (unit, integration, browser)', pnpm, [
  'exec',
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...passthrough,
]);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed = (json.numFailedTests ?? 0) + (json.numFailedTestSuites ?? 0);
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  if (json.numTotalTests === 0) failed += 1; // a run that executed nothing is a failure
} else {
  process.stdout.write('vitest wrote no report: counting the run as failed\n');
  failed += 1;
}

// Static checks count as one test each so the summary shows them too.
passed += checks.length - failedChecks.length;
failed += failedChecks.length;

if (failedChecks.length) process.stdout.write(`\nfailed checks: ${failedChecks.join(', ')}\n`);
process.stdout.write(
  `\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
);
process.exit(failed === 0 ? 0 : 1);
