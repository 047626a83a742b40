// Helpers for this package's tests; not exported from the package.
import * as Y from 'yjs';
import { addAnnotation } from './annotations.ts';
import { applyCanvasChanges } from './canvas.ts';
import { addCard, setCardFields } from './cards.ts';
import { addComment } from './comments.ts';
import { setMission } from './meta.ts';
import { addPersona } from './personas.ts';
import { readBoard } from './read.ts';
import { setStageKeeper } from './stages.ts';
import { addStory, getStoryBody } from './stories.ts';
import { applyTemplate } from './templates.ts';
import { alice, bob } from './testing.ts';

/** A board that uses every map the model has, plus a map the format does not know. */
export function richBoard(): Y.Doc {
  const doc = new Y.Doc();
  applyTemplate(doc, 'starter', alice, { title: 'Checkout journey' });
  setMission(doc, 'Make paying feel effortless.', alice);
  const board = readBoard(doc);
  const stage = board.stages[1]!;
  const friction = board.lanes.find((lane) => lane.kind === 'friction')!;
  setStageKeeper(doc, stage.id, 'alice', alice);
  const persona = addPersona(doc, { name: 'Busy parent', colour: '#e07a5f' }, alice);
  const card = addCard(
    doc,
    {
      laneId: friction.id,
      stageId: stage.id,
      text: 'Card form rejects spaces',
      personaIds: [persona],
    },
    bob,
  );
  setCardFields(doc, card, { severity: 'high' }, bob);
  const story = addStory(
    doc,
    {
      title: 'Ticket #4411',
      source: 'support-ticket',
      body: 'I typed my card with spaces and it failed twice.',
    },
    alice,
  );
  // Text typed after the highlight exists: the anchors must still land on "failed twice".
  const start = 'I typed my card with spaces and it '.length;
  addAnnotation(
    doc,
    { storyId: story, start, end: start + 12, tag: 'pain', cardIds: [card] },
    alice,
  );
  getStoryBody(doc, story).insert(0, 'Customer: ');
  // The story's rich text: a bold lead and a link, which exports must carry.
  getStoryBody(doc, story).format(0, 'Customer:'.length, { bold: true });
  getStoryBody(doc, story).format('Customer: '.length, 1, { link: 'https://example.com/t/1' });
  addComment(
    doc,
    { target: { kind: 'card', id: card }, body: 'Seen this in sales calls too' },
    bob,
  );
  applyCanvasChanges(
    doc,
    { put: [{ id: 'shape:1', typeName: 'shape', x: 10, y: 20, props: { text: 'hi' } } as never] },
    alice,
  );
  doc.transact(() => {
    const initiatives = doc.getMap<Y.Map<unknown>>('initiatives');
    const entity = new Y.Map<unknown>();
    entity.set('title', 'Accept spaces in card numbers');
    entity.set('status', 'stopped');
    const history = new Y.Array<unknown>();
    history.push([{ status: 'stopped', reason: 'payment provider fixed it', at: 1 }]);
    entity.set('history', history);
    initiatives.set('i1', entity);
  });
  return doc;
}
