import { joinVariant } from './join-variant.ts';
import type { Scale } from './scale.ts';
import type { ServerSpec } from './servers.ts';
import { trafficVariant } from './traffic-variant.ts';
import { twoNodeFanoutVariant } from './two-nodes-variant.ts';
import type { Variant } from './variant.ts';

/** The variants to run, in order; `servers` are the selected ones. */
export function variantsFor(scale: Scale, servers: ServerSpec[]): Variant[] {
  const variants: Variant[] = [];
  const measured = `${scale.measureMs / 1000} s window`;
  for (const scenario of scale.scenarios) {
    if (scenario === 'fanout') {
      for (const n of scale.fanoutSizes) {
        variants.push(
          trafficVariant(
            servers,
            `fanout-${n}`,
            `fan-out: ${n} clients, ${scale.fanoutWriters} writers × ${scale.fanoutHz} Hz (${measured})`,
            {
              clients: n,
              writers: scale.fanoutWriters,
              writeHz: scale.fanoutHz,
              awarenessSenders: 0,
              awarenessHz: 0,
            },
            scale,
          ),
        );
      }
    } else if (scenario === 'writers') {
      const n = scale.writersClients;
      variants.push(
        trafficVariant(
          servers,
          'writers',
          `many writers: ${n} clients, ${scale.writersCount} writers × ${scale.writersHz} Hz (${measured})`,
          {
            clients: n,
            writers: scale.writersCount,
            writeHz: scale.writersHz,
            awarenessSenders: 0,
            awarenessHz: 0,
          },
          scale,
        ),
      );
    } else if (scenario === 'cursors') {
      const n = scale.cursorClients;
      variants.push(
        trafficVariant(
          servers,
          'cursors',
          `cursor flood: ${n} clients, each sends awareness at ${scale.cursorHz} Hz (${measured})`,
          { clients: n, writers: 0, writeHz: 0, awarenessSenders: n, awarenessHz: scale.cursorHz },
          scale,
        ),
      );
    } else if (scenario === 'fanout-2nodes') {
      // Only ours scales out; the peers have no multi-node mode to compare with.
      const ours = servers.find((s) => s.id === 'ours');
      const relay = servers.find((s) => s.id === 'raw-relay');
      if (ours) variants.push(twoNodeFanoutVariant(ours, relay, scale));
    } else {
      variants.push(joinVariant(servers, scale));
    }
  }
  return variants;
}
