import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness';
import { readAwarenessEntries } from './messages.ts';
import { PresenceBroadcast, mergeAwarenessUpdates } from './presence-broadcast.ts';

function client(id: number): Awareness {
  const doc = new Y.Doc();
  doc.clientID = id;
  return new Awareness(doc);
}

function updateOf(awareness: Awareness, state: Record<string, unknown> | null): Uint8Array {
  awareness.setLocalState(state);
  return encodeAwarenessUpdate(awareness, [awareness.clientID]);
}

describe('merging presence', () => {
  it('gives a receiver the same states as the updates one by one, in order', () => {
    const [a, b, c] = [client(1), client(2), client(3)];
    const updates = [
      updateOf(a, { cursor: { x: 1 } }),
      updateOf(b, { cursor: { x: 2 }, name: 'Bea' }),
      updateOf(a, { cursor: { x: 3 } }),
      updateOf(c, { cursor: { x: 4 } }),
    ];
    removeAwarenessStates(c, [3], 'left');
    updates.push(encodeAwarenessUpdate(c, [3]));

    const oneByOne = client(99);
    for (const update of updates) applyAwarenessUpdate(oneByOne, update, 'test');
    const merged = client(99);
    applyAwarenessUpdate(merged, mergeAwarenessUpdates(updates), 'test');

    expect(Object.fromEntries(merged.getStates())).toEqual(
      Object.fromEntries(oneByOne.getStates()),
    );
    expect(merged.getStates().get(1)).toEqual({ cursor: { x: 3 } });
    expect(merged.getStates().has(3)).toBe(false);
    expect(readAwarenessEntries(mergeAwarenessUpdates(updates))).toHaveLength(5);
  });

  it('sends what one turn brought as one message, and a lone frame as it came', async () => {
    const sent: Uint8Array[] = [];
    const broadcast = new PresenceBroadcast((message) => sent.push(message));
    const [a, b] = [client(1), client(2)];
    const frame = new Uint8Array([1, 2, 3]);
    broadcast.push(updateOf(a, { x: 1 }), frame);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual([frame]);

    broadcast.push(updateOf(a, { x: 2 }), frame);
    broadcast.push(updateOf(b, { x: 3 }));
    expect(sent).toHaveLength(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toHaveLength(2);
    expect(sent[1]).not.toBe(frame);

    broadcast.push(updateOf(a, { x: 4 }));
    broadcast.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toHaveLength(2);
  });
});
