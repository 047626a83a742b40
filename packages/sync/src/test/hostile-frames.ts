import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { CloseCode, MessageType, SyncStep } from '@journeyboard/protocol';

/** mulberry32: a small seeded PRNG so a failing run can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface HostileFrame {
  kind: string;
  data: Uint8Array | string;
  /** The close code this frame must earn. */
  expect: number;
}

export interface FrameLimits {
  maxFrameBytes: number;
  maxUpdateBytes: number;
  maxAwarenessBytes: number;
}

const message = (write: (e: encoding.Encoder) => void) => {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
};

/** Builds frames that are each certainly invalid, in categories a fuzzer would hit. */
export function hostileFrameFactory(random: () => number, limits: FrameLimits) {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(0, 255));

  const doc = new Y.Doc();
  doc.getMap('cards').set('c1', 'a card with some text in it');
  doc.getText('story').insert(0, 'The customer could not find the export button.');
  const validUpdate = message((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, SyncStep.Update);
    encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc));
  });
  const awareness = new Awareness(doc);
  const awarenessWith = (state: unknown) => {
    awareness.setLocalState(state as Record<string, unknown>);
    return message((e) => {
      encoding.writeVarUint(e, MessageType.Awareness);
      encoding.writeVarUint8Array(e, encodeAwarenessUpdate(awareness, [doc.clientID]));
    });
  };
  const validAwareness = awarenessWith({ user: { name: 'Grace', color: '#f80' } });
  awareness.destroy();
  const step1 = message((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, SyncStep.Step1);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
  });
  const sync = (step: number, payload: Uint8Array) =>
    message((e) => {
      encoding.writeVarUint(e, MessageType.Sync);
      encoding.writeVarUint(e, step);
      encoding.writeVarUint8Array(e, payload);
    });
  const { MalformedMessage: bad, MessageTooLarge: large } = CloseCode;

  const kinds: [weight: number, make: () => HostileFrame][] = [
    [
      10,
      () => ({
        kind: 'random bytes, unknown type',
        expect: bad,
        data: Uint8Array.of(int(4, 127), ...bytes(int(0, 64))),
      }),
    ],
    [
      8,
      () => ({
        kind: 'unknown sync step',
        expect: bad,
        data: Uint8Array.of(0, int(3, 127), ...bytes(int(0, 32))),
      }),
    ],
    [
      12,
      () => ({
        kind: 'truncated update',
        expect: bad,
        data: validUpdate.slice(0, int(1, validUpdate.length - 1)),
      }),
    ],
    [
      8,
      () => ({
        kind: 'truncated awareness',
        expect: bad,
        data: validAwareness.slice(0, int(1, validAwareness.length - 1)),
      }),
    ],
    [
      8,
      () => ({
        kind: 'oversized varint',
        expect: bad,
        data: Uint8Array.of(
          ...(random() < 0.5 ? [] : [0, 2]),
          ...new Array<number>(int(10, 16)).fill(0xff),
        ),
      }),
    ],
    [
      8,
      () => ({
        kind: 'text frame',
        expect: bad,
        data: Array.from(bytes(int(1, 40)), (b) => String.fromCharCode(32 + (b % 90))).join(''),
      }),
    ],
    [
      6,
      () => ({
        kind: 'huge awareness',
        expect: large,
        data: awarenessWith({
          user: { name: 'x'.repeat(limits.maxAwarenessBytes + int(1, 2000)) },
        }),
      }),
    ],
    [
      6,
      () => ({
        kind: 'awareness with bad JSON',
        expect: bad,
        data: message((e) => {
          encoding.writeVarUint(e, MessageType.Awareness);
          encoding.writeVarUint8Array(
            e,
            message((u) => {
              encoding.writeVarUint(u, 1);
              encoding.writeVarUint(u, int(1, 2 ** 30));
              encoding.writeVarUint(u, 1);
              encoding.writeVarString(u, `{"cursor": ${int(0, 9)}`);
            }),
          );
        }),
      }),
    ],
    // Five client sections need at least fifteen bytes; eight random ones cannot hold them.
    [
      12,
      () => ({
        kind: 'garbage update',
        expect: bad,
        data: sync(
          random() < 0.5 ? SyncStep.Step2 : SyncStep.Update,
          Uint8Array.of(5, ...bytes(int(0, 8))),
        ),
      }),
    ],
    [
      6,
      () => ({
        kind: 'bad state vector',
        expect: bad,
        data: sync(SyncStep.Step1, Uint8Array.of(5, ...bytes(int(0, 3)))),
      }),
    ],
    [
      6,
      () => ({
        kind: 'trailing bytes',
        expect: bad,
        data: Uint8Array.of(...step1, ...bytes(int(1, 8))),
      }),
    ],
    [
      6,
      () => ({
        kind: 'oversized update',
        expect: large,
        data: sync(SyncStep.Update, bytes(limits.maxUpdateBytes + int(1, 1000))),
      }),
    ],
    [
      2,
      () => ({
        kind: 'oversized frame',
        expect: large,
        data: bytes(limits.maxFrameBytes + int(1, 1000)),
      }),
    ],
  ];
  const total = kinds.reduce((sum, [w]) => sum + w, 0);
  return (): HostileFrame => {
    let pick = random() * total;
    for (const [weight, make] of kinds) {
      pick -= weight;
      if (pick < 0) return make();
    }
    return kinds[0]![1]();
  };
}
