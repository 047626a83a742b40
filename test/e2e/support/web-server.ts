import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const serverFile = fileURLToPath(new URL('../../../apps/web/server.ts', import.meta.url));
const handlerFile = fileURLToPath(new URL('../../../apps/web/build/handler.js', import.meta.url));

export interface WebServer {
  readonly url: string;
  readonly port: number;
  /** Everything the process printed, for failure messages. */
  output(): string;
  /** SIGTERM, then resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface StartOptions {
  dataDir: string;
  /** 0 picks a free port; pass the previous port to restart "the same" server. */
  port?: number;
  /** Another copy of server.ts with its own build/ beside it (a snapshot of the build). */
  serverFile?: string;
  /** More environment for the server (SMTP_URL, tighter limits for the test that checks them...). */
  env?: Record<string, string>;
}

/**
 * Every test signs up from 127.0.0.1 and some create many boards: limits far above what
 * one test file reaches, unless a test sets its own.
 */
const ROOMY_LIMITS = {
  JOURNEYBOARD_SIGNUPS_PER_IP_PER_HOUR: '10000',
  JOURNEYBOARD_BOARDS_PER_ACCOUNT_PER_HOUR: '10000',
};

/** Runs `node apps/web/server.ts` the way `./jb start` does, against the production build. */
export async function startWebServer({
  dataDir,
  port = 0,
  serverFile: server = serverFile,
  env = {},
}: StartOptions): Promise<WebServer> {
  if (server === serverFile && !existsSync(handlerFile)) {
    throw new Error(
      'apps/web/build is missing: run the web build first (./jb pnpm --filter @journeyboard/web build)',
    );
  }
  const child = spawn(process.execPath, [server], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...ROOMY_LIMITS,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      NO_COLOR: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  const actualPort = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const onData = () => {
      const match = /Journeyboard running at http:\/\/localhost:(\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve(Number(match[1]));
    };
    child.stdout.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });

  return {
    url: `http://localhost:${actualPort}`,
    port: actualPort,
    output: () => output,
    stop: () => stopProcess(child, exited),
  };
}

async function stopProcess(child: ChildProcess, exited: Promise<number | null>) {
  if (child.exitCode !== null) return child.exitCode;
  child.kill('SIGTERM');
  return exited;
}
