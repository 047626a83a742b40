// Every dependency that more than one package of the workspace uses is declared once, in
// the pnpm catalog (`pnpm-workspace.yaml`), and referenced as `catalog:`, so the whole
// workspace runs one version of it. Run by `./jb test`; exits 1 naming each offender.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = new URL('..', import.meta.url).pathname;
const workspace = parse(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8'));
const catalog = workspace.catalog ?? {};
const FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

/** The root's and every workspace package's package.json, relative to the root. */
function manifests() {
  const dirs = ['.'];
  for (const pattern of workspace.packages ?? []) {
    // The workspace lists folders or folders of folders (`apps/*`), nothing deeper.
    if (!pattern.endsWith('/*')) {
      dirs.push(pattern);
      continue;
    }
    const parent = pattern.slice(0, -2);
    for (const entry of readdirSync(join(root, parent), { withFileTypes: true })) {
      if (entry.isDirectory()) dirs.push(join(parent, entry.name));
    }
  }
  return dirs
    .map((dir) => join(dir, 'package.json'))
    .filter((path) => existsSync(join(root, path)));
}

/** dependency name -> where it is declared and with which specifier */
const uses = new Map();
for (const manifest of manifests()) {
  const json = JSON.parse(readFileSync(join(root, manifest), 'utf8'));
  for (const field of FIELDS) {
    for (const [name, spec] of Object.entries(json[field] ?? {})) {
      if (spec.startsWith('workspace:')) continue;
      uses.set(name, [...(uses.get(name) ?? []), { manifest, spec }]);
    }
  }
}

const problems = [];
let shared = 0;
for (const [name, declared] of uses) {
  if (declared.length > 1) shared += 1;
  for (const { manifest, spec } of declared) {
    if (spec === 'catalog:' && !(name in catalog)) {
      problems.push(`${manifest}: ${name} is "catalog:" but the catalog has no ${name}`);
    } else if (declared.length > 1 && spec !== 'catalog:') {
      const others = declared.filter((use) => use.manifest !== manifest).map((use) => use.manifest);
      problems.push(
        `${manifest}: ${name} "${spec}" is also used by ${others.join(', ')}; declare it in the catalog and use "catalog:"`,
      );
    }
  }
}

if (problems.length > 0) {
  console.error(`dependencies outside the pnpm catalog:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`catalog: all ${shared} shared dependencies go through the pnpm catalog`);
