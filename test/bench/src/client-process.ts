// The child process that runs the benchmark clients, apart from the servers and from
// the harness that samples them. Driven over IPC by client-runner.ts.
import { joinStorm, preloadBoard, type BoardTarget, type JoinStormResult } from './join.ts';
import { runTraffic, type TrafficOptions, type TrafficResult } from './traffic.ts';

export type ClientJob =
  | { type: 'traffic'; options: Omit<TrafficOptions, 'onPhase'> }
  | { type: 'join'; target: BoardTarget; entries: number; valueBytes: number; clients: number };

export type JoinJobResult = JoinStormResult & { stateBytes: number };

export type ToParent =
  | { type: 'phase'; phase: string; id: number }
  | { type: 'result'; result: TrafficResult | JoinJobResult }
  | { type: 'error'; message: string };

export type ToChild = { type: 'job'; job: ClientJob } | { type: 'ack'; id: number };

const waiting = new Map<number, () => void>();
let nextId = 0;

function send(message: ToParent): void {
  process.send!(message);
}

/** Tells the parent where we are and waits until it has taken its samples. */
function phase(name: string): Promise<void> {
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    send({ type: 'phase', phase: name, id });
  });
}

async function run(job: ClientJob): Promise<TrafficResult | JoinJobResult> {
  if (job.type === 'traffic') return runTraffic({ ...job.options, onPhase: phase });
  const loaded = await preloadBoard(job.target, job.entries, job.valueBytes);
  try {
    await phase('storm-start');
    const result = await joinStorm(job.target, job.clients);
    await phase('storm-end');
    return { ...result, stateBytes: loaded.stateBytes };
  } finally {
    await loaded.close();
  }
}

process.on('message', (message: ToChild) => {
  if (message.type === 'ack') {
    waiting.get(message.id)?.();
    waiting.delete(message.id);
    return;
  }
  run(message.job).then(
    (result) => send({ type: 'result', result }),
    (err: unknown) =>
      send({
        type: 'error',
        message: err instanceof Error ? (err.stack ?? err.message) : String(err),
      }),
  );
});
process.on('disconnect', () => process.exit(0));
