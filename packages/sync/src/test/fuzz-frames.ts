import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { CloseCode, MessageType, SyncStep } from '@journeyboard/protocol';
import { hostileFrameFactory, type FrameLimits } from './hostile-frames.ts';

export type FuzzFrame =
  /** Certainly invalid: must close the socket with `expect`. */
  | { kind: string; data: Uint8Array | string; expect: number }
  /** A frame header announcing more than the server accepts; the body never follows. */
  | { kind: 'oversized frame header'; announce: number; expect: number }
  /** A valid message with a few bytes changed: may be accepted, or closed with a reason. */
  | { kind: 'mutated valid'; data: Uint8Array; expect: 'any' }
  /** Unchanged valid message: must be accepted. */
  | { kind: 'valid'; data: Uint8Array; expect: 'accepted' };

const message = (write: (e: encoding.Encoder) => void) => {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
};

const syncMessage = (step: number, payload: Uint8Array) =>
  message((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, step);
    encoding.writeVarUint8Array(e, payload);
  });

/** Valid messages of every kind a client sends, from a few documents with varied edits. */
function validMessages(random: () => number): Uint8Array[] {
  const messages: Uint8Array[] = [];
  for (let d = 0; d < 12; d++) {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const cards = doc.getMap<unknown>('cards');
    const story = doc.getText('story');
    cards.set(`fuzz-${d}`, { title: `card ${d}`, order: 'a0', score: d });
    story.insert(0, `Customer ${d} could not find the export button.`);
    story.delete(2, 3);
    const nested = new Y.Map<unknown>();
    cards.set(`nested-${d}`, nested);
    nested.set('tags', ['pain', 'quote']);
    doc.getArray('list').push([d, `item ${d}`, random() < 0.5]);
    cards.delete(`fuzz-${d}`);
    for (const u of updates) messages.push(syncMessage(SyncStep.Update, u));
    messages.push(syncMessage(SyncStep.Step2, Y.encodeStateAsUpdate(doc)));
    messages.push(syncMessage(SyncStep.Step1, Y.encodeStateVector(doc)));
    const awareness = new Awareness(doc);
    awareness.setLocalState({ user: { name: `Fuzz ${d}`, color: '#0af' }, cursor: { x: d } });
    messages.push(
      message((e) => {
        encoding.writeVarUint(e, MessageType.Awareness);
        encoding.writeVarUint8Array(e, encodeAwarenessUpdate(awareness, [doc.clientID]));
      }),
    );
    awareness.destroy();
    doc.destroy();
  }
  messages.push(Uint8Array.of(MessageType.QueryAwareness));
  return messages;
}

/**
 * A seeded stream of frames for the decoder fuzz: the hostile categories (random,
 * truncated, oversized, malformed), valid messages with bytes flipped, inserted or
 * removed, oversized frame headers, and some untouched valid messages as a control.
 */
export function fuzzFrameFactory(random: () => number, limits: FrameLimits): () => FuzzFrame {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const hostile = hostileFrameFactory(random, limits);
  const valid = validMessages(random);
  const pick = () => valid[int(0, valid.length - 1)]!;

  const mutate = (source: Uint8Array): Uint8Array => {
    let bytes = Array.from(source);
    const edits = int(1, 4);
    for (let i = 0; i < edits; i++) {
      const at = int(0, Math.max(0, bytes.length - 1));
      const op = int(0, 3);
      if (op === 0) bytes[at] = (bytes[at] ?? 0) ^ (1 << int(0, 7));
      else if (op === 1) bytes[at] = int(0, 255);
      else if (op === 2) bytes.splice(at, 0, int(0, 255));
      else if (bytes.length > 1) bytes = bytes.filter((_, j) => j !== at);
    }
    return Uint8Array.from(bytes);
  };

  return () => {
    const roll = random();
    if (roll < 0.55) return hostile();
    if (roll < 0.9) return { kind: 'mutated valid', data: mutate(pick()), expect: 'any' };
    if (roll < 0.95) return { kind: 'valid', data: pick(), expect: 'accepted' };
    return {
      kind: 'oversized frame header',
      announce: limits.maxFrameBytes + int(1, 64 * 1024 * 1024),
      expect: CloseCode.MessageTooLarge,
    };
  };
}
