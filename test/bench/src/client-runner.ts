import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopChild, track } from './children.ts';
import type { ClientJob, JoinJobResult, ToChild, ToParent } from './client-process.ts';
import type { TrafficResult } from './traffic.ts';

const script = fileURLToPath(new URL('./client-process.ts', import.meta.url));

/**
 * Runs one job in a fresh client process. `onPhase` runs in this process (where the
 * servers are sampled) before the clients carry on.
 */
export async function runClientJob<R extends TrafficResult | JoinJobResult>(
  job: ClientJob,
  onPhase: (phase: string) => void,
): Promise<R> {
  const child = track(fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  try {
    return await new Promise<R>((resolve, reject) => {
      child.on('message', (message: ToParent) => {
        if (message.type === 'phase') {
          try {
            onPhase(message.phase);
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
            return;
          }
          child.send({ type: 'ack', id: message.id } satisfies ToChild);
        } else if (message.type === 'result') {
          resolve(message.result as R);
        } else {
          reject(new Error(`client process: ${message.message}`));
        }
      });
      child.once('exit', (code, signal) =>
        reject(new Error(`client process exited (${code ?? signal}) before reporting`)),
      );
      child.send({ type: 'job', job } satisfies ToChild);
    });
  } finally {
    if (child.connected) child.disconnect();
    await stopChild(child);
  }
}
