import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildDocFromBoardJson, exportBoardJson, type BoardJson } from './board-json.ts';
import { BOARD_JSON_LIMITS, parseBoardJson } from './board-json-parse.ts';
import { readBoard } from './read.ts';
import { readAnnotations, readStories } from './stories-read.ts';
import { richBoard } from './board-fixture.ts';
import { getStoryBody } from './stories.ts';
import { STORY_TEXT_FORMATS } from './story-text.ts';

function roundTrip(doc: Y.Doc): Y.Doc {
  const text = JSON.stringify(exportBoardJson(doc));
  const parsed = parseBoardJson(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return buildDocFromBoardJson(parsed.value);
}

function errorOf(value: unknown): string {
  const result = parseBoardJson(typeof value === 'string' ? value : JSON.stringify(value));
  if (result.ok) throw new Error('expected the board to be refused');
  return result.error;
}

describe('board JSON', () => {
  it('leaves out the server-owned roots (no forged tallies or lock)', () => {
    const doc = richBoard();
    const cardCount = readBoard(doc).cards.length;
    const json = exportBoardJson(doc);
    const forged: BoardJson = {
      ...json,
      board: {
        maps: {
          ...json.board.maps,
          votes: { s1: { $json: { status: 'revealed', results: { tallies: { c1: 999 } } } } },
          facilitation: {
            lock: { $json: { lockedBy: 'x', lockedByName: 'Mallory', lockedAt: 1 } },
          },
        },
      },
    };
    const parsed = parseBoardJson(JSON.stringify(forged));
    if (!parsed.ok) throw new Error(parsed.error);
    const imported = buildDocFromBoardJson(parsed.value);
    expect(imported.share.has('votes')).toBe(false);
    expect(imported.share.has('facilitation')).toBe(false);
    expect(readBoard(imported).cards).toHaveLength(cardCount);
  });

  it('export then import gives an identical board', () => {
    const doc = richBoard();
    // A map left with tombstones only must not make the second export differ.
    doc.getMap('ideas').set('i1', 'x');
    doc.getMap('ideas').delete('i1');
    const copy = roundTrip(doc);
    expect(readBoard(copy)).toEqual(readBoard(doc));
    expect(readStories(copy)).toEqual(readStories(doc));
    expect(readAnnotations(copy)).toEqual(readAnnotations(doc));
    const again = exportBoardJson(copy, new Date(0));
    expect(again.board).toEqual(exportBoardJson(doc, new Date(0)).board);
    expect(Object.keys(again.board.maps)).toEqual(
      expect.arrayContaining(['annotations', 'canvas', 'comments', 'initiatives', 'personas']),
    );
    const [highlight] = readAnnotations(copy);
    expect(readStories(copy)[0]!.body.slice(highlight!.start, highlight!.end)).toBe('failed twice');
    const storyId = readStories(doc)[0]!.id;
    expect(getStoryBody(copy, storyId).toDelta()).toEqual(getStoryBody(doc, storyId).toDelta());
    expect((getStoryBody(copy, storyId).toDelta() as unknown[])[0]).toEqual({
      insert: 'Customer:',
      attributes: { bold: true },
    });
  });

  it('refuses rich text with unknown formats or malformed runs', () => {
    const withRuns = (runs: unknown) => {
      const json = exportBoardJson(richBoard()) as unknown as {
        board: { maps: Record<string, Record<string, { $map: Record<string, unknown> }>> };
      };
      const [storyId] = Object.keys(json.board.maps.stories!);
      json.board.maps.stories![storyId!]!.$map.body = { $rich: runs };
      return { json, storyId };
    };
    const script = withRuns([{ insert: 'x', attributes: { script: 'alert(1)' } }]);
    expect(errorOf(script.json)).toBe(
      `board.maps.stories.${script.storyId}.body: unknown text format "script" (known: ${STORY_TEXT_FORMATS.join(', ')})`,
    );
    const embed = withRuns([{ insert: { image: 'x.png' } }]);
    expect(errorOf(embed.json)).toMatch(/body: expected \$rich to hold runs/);
    const nested = withRuns([{ insert: 'x', attributes: { bold: { deep: true } } }]);
    expect(errorOf(nested.json)).toMatch(/body: expected \$rich to hold runs/);
    expect(errorOf(withRuns('plain').json)).toMatch(/body: expected a text .* or \{ "\$rich"/);
  });

  it('names the first bad field of a wrong-typed board', () => {
    const json = exportBoardJson(richBoard()) as unknown as {
      board: { maps: BoardJson['board']['maps'] };
    };
    const [cardId] = Object.keys(json.board.maps.cards!);
    (json.board.maps.cards![cardId!] as { $map: Record<string, unknown> }).$map.text = 42;
    expect(errorOf(json)).toMatch(
      new RegExp(`^board\\.maps\\.cards\\.${cardId}\\.text: expected a text`),
    );

    const stages = exportBoardJson(richBoard());
    const [stageId] = Object.keys(stages.board.maps.stages!);
    (stages.board.maps.stages![stageId!] as { $map: Record<string, unknown> }).$map.name = ['x'];
    expect(errorOf(stages)).toBe(
      `board.maps.stages.${stageId}.name: expected a string or shared text`,
    );

    const missing = exportBoardJson(richBoard());
    const [id] = Object.keys(missing.board.maps.cards!);
    delete (missing.board.maps.cards![id!] as { $map: Record<string, unknown> }).$map.place;
    expect(errorOf(missing)).toBe(`board.maps.cards.${id}.place: missing (expected object)`);
  });

  it('refuses files that are not boards, with a reason', () => {
    expect(errorOf('not json')).toBe('the file cannot be read: it is not valid JSON');
    expect(errorOf({ format: 'other' })).toMatch(/^format: not a Journeyboard export/);
    expect(errorOf({ ...exportBoardJson(new Y.Doc()), version: 2 })).toMatch(
      /^version: unsupported/,
    );
    expect(
      errorOf({ ...exportBoardJson(new Y.Doc()), board: { maps: { 'bad name': {} } } }),
    ).toMatch(/^board\.maps\.bad name: map names/);
    const unknownTag = exportBoardJson(new Y.Doc());
    unknownTag.board.maps.extra = { x: { $evil: 1 } as never };
    expect(errorOf(unknownTag)).toMatch(/^board\.maps\.extra\.x: expected a string, number/);
  });

  it('refuses hostile input before building anything', () => {
    // Deep enough that a recursive parser or validator would overflow the stack.
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const nested = JSON.stringify(exportBoardJson(new Y.Doc())).replace(
      '"maps":{}',
      `"maps":{"extra":{"x":{"$json":${deep}}}}`,
    );
    expect(errorOf(nested)).toMatch(/nested too deeply|nested deeper than 40 levels/);

    const huge = exportBoardJson(new Y.Doc());
    huge.board.maps.meta = { title: 'x'.repeat(BOARD_JSON_LIMITS.stringLength + 1) };
    expect(errorOf(huge)).toBe('board.maps.meta.title: text longer than 1000000 characters');

    const wide = exportBoardJson(new Y.Doc());
    wide.board.maps.extra = {
      x: { $json: new Array(BOARD_JSON_LIMITS.collectionSize + 1).fill(0) },
    };
    expect(errorOf(wide)).toBe('board.maps.extra.x.$json: more than 100000 entries');

    expect(errorOf(' '.repeat(BOARD_JSON_LIMITS.textLength + 1))).toMatch(/larger than 25 MB/);

    const proto =
      '{"format":"journeyboard","version":1,"schema":1,"exportedAt":"","board":{"maps":{"__proto__":{}}}}';
    expect(errorOf(proto)).toMatch(/map names/);
  });
});
