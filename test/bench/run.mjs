// Entry point of `./jb bench`. The harness is TypeScript run by Node's type stripping;
// this file only exists so the wrapper has a stable .mjs path to call.
// `--map`: the map editor's figures in Chromium (test/bench/map-2000.ts, after a web build).
if (process.argv.includes('--soak')) await import('./src/soak.ts');
else if (process.argv.includes('--map')) await import('./map-2000.ts');
else await import('./src/main.ts');
