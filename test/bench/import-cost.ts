// The main-thread cost of importing a large board file and of loading it afterwards.
// Prints numbers; passes or fails nothing.
//
//   ./jb node --experimental-strip-types test/bench/import-cost.ts [--cards 20000]
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import {
  addCard,
  applyTemplate,
  buildDocFromBoardJson,
  exportBoardJson,
  parseBoardJson,
  readBoard,
} from '@journeyboard/model';
import { applyLog } from '@journeyboard/sync';

const { values } = parseArgs({ options: { cards: { type: 'string', default: '20000' } } });
const CARDS = Number(values.cards);

function cpuMs<T>(run: () => T): [T, number] {
  const start = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(start);
  return [result, (used.user + used.system) / 1000];
}

const source = new Y.Doc();
applyTemplate(source, 'starter', { userId: 'owner' });
const board = readBoard(source);
const lanes = board.lanes.filter((l) => l.kind !== 'emotion' && l.kind !== 'kpis');
const cells = lanes.flatMap((lane) => board.stages.map((stage) => [lane.id, stage.id] as const));
source.transact(() => {
  for (let i = 0; i < CARDS; i++) {
    const [laneId, stageId] = cells[i % cells.length]!;
    const text = `Imported card ${i}: customers ask about refunds and delivery times`;
    addCard(source, { laneId, stageId, text }, { userId: 'owner' });
  }
});
const file = JSON.stringify(exportBoardJson(source));
const [parsed, parseMs] = cpuMs(() => parseBoardJson(file));
if (!parsed.ok) throw new Error(parsed.error);
const [doc, buildMs] = cpuMs(() => buildDocFromBoardJson(parsed.value));
const [state, encodeMs] = cpuMs(() => Y.encodeStateAsUpdate(doc));
const quiet = { warn: () => {}, error: () => {} };
const [, loadMs] = cpuMs(() =>
  applyLog(new Y.Doc(), [{ seq: 1, bytes: state }], { logger: quiet }),
);
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
console.log(`${CARDS} cards: file ${mb(file.length)}, state ${mb(state.length)}`);
console.log(
  `CPU ms: parse ${parseMs.toFixed(0)}, build ${buildMs.toFixed(0)}, encode ${encodeMs.toFixed(0)}` +
    ` (import total ${(parseMs + buildMs + encodeMs).toFixed(0)}); load from the log ${loadMs.toFixed(0)}`,
);
