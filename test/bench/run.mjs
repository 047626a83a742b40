// Entry point of `./jb bench`. The harness is TypeScript run by Node's type stripping;
// this file only exists so the wrapper has a stable .mjs path to call.
if (process.argv.includes('--soak')) await import('./src/soak.ts');
else await import('./src/main.ts');
