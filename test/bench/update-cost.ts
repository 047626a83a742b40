// Where the main thread's time goes when one large, honest-looking update arrives.
// Prints numbers; passes or fails nothing.
//
//   ./jb node --experimental-strip-types test/bench/update-cost.ts [--sizes 10000,50000,100000]
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { addCard, applyTemplate, readBoard } from '@journeyboard/model';
import { Limits } from '@journeyboard/protocol';
import { checkUpdate, roleWritePolicy } from '@journeyboard/sync';

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '10000,50000,100000' } },
});
const SIZES = values.sizes.split(',').map(Number);

/** CPU time, not wall time: on a loaded machine wall time mostly measures the others. */
function time<T>(run: () => T): [T, number] {
  const start = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(start);
  return [result, (used.user + used.system) / 1000];
}

/** A started board, as the server holds it. */
function baseBoard(): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 1;
  applyTemplate(doc, 'starter', { userId: 'owner' });
  return doc;
}

/** An editor's offline session: cards added one at a time, then sent as one diff. */
function offlineCards(base: Y.Doc, structs: number): Uint8Array {
  const client = new Y.Doc();
  client.clientID = 2;
  Y.applyUpdate(client, Y.encodeStateAsUpdate(base));
  const board = readBoard(client);
  const lanes = board.lanes.filter((l) => l.kind !== 'emotion' && l.kind !== 'kpis');
  const cells = lanes.flatMap((lane) => board.stages.map((stage) => [lane.id, stage.id] as const));
  const vector = Y.encodeStateVector(base);
  for (let i = 0; ; i++) {
    const [laneId, stageId] = cells[i % cells.length]!;
    addCard(client, { laneId, stageId, text: `offline card ${i}` }, { userId: 'editor' });
    if (i % 200 === 199) {
      const diff = Y.encodeStateAsUpdate(client, vector);
      if (countStructs(diff) >= structs) return diff;
    }
  }
}

function countStructs(update: Uint8Array): number {
  return Y.decodeUpdate(update).structs.length;
}

const limits = { ...Limits, maxUpdateStructs: Infinity, maxIntegrationWork: Infinity };
console.log('structs   bytes      scan   decode  policy   merge   apply  encode  total (CPU ms)');
for (const size of SIZES) {
  const base = baseBoard();
  const update = offlineCards(base, size);
  const [verdict, scanMs] = time(() => checkUpdate(update, base, limits));
  const [, decodeMs] = time(() => Y.decodeUpdate(update));
  const [decision, policyMs] = time(() =>
    roleWritePolicy({ boardId: 'b', userId: 'editor', role: 'editor', update, doc: base }),
  );
  const [, mergeMs] = time(() => Y.mergeUpdates([update, new Uint8Array([0, 0])]));
  const [, applyMs] = time(() => Y.applyUpdate(base, update));
  const [, encodeMs] = time(() => Y.encodeStateAsUpdate(base));
  const total = scanMs + decodeMs + policyMs + mergeMs + applyMs + encodeMs;
  const structs = verdict.ok ? verdict.scan.structs : NaN;
  const row = [scanMs, decodeMs, policyMs, mergeMs, applyMs, encodeMs, total].map((ms) =>
    ms.toFixed(0).padStart(7),
  );
  console.log(
    `${String(structs).padStart(7)} ${String(update.length).padStart(8)} ${row.join(' ')}  ${decision.ok ? '' : decision.reason}`,
  );
}
