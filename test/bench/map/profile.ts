// A CPU profile of one typing burst through the Chrome DevTools Protocol, summarised as
// the functions with the most self time: where a keystroke's time goes.
import type { Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

/** Runs `burst` under the sampling profiler; returns the top functions by self time. */
export async function profileBurst(
  page: Page,
  burst: () => Promise<unknown>,
  top = 15,
): Promise<{ totalMs: number; rows: SelfTime[] }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await burst();
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  await cdp.detach();
  return { ...summarise(profile, top) };
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  const file = url.split('/').pop()?.split('?')[0] ?? '';
  // Minified bundles: the column finds the function in the build output.
  const at = `${file}:${lineNumber + 1}:${columnNumber + 1}`;
  return file ? `${functionName || '(anonymous)'} ${at}` : functionName;
}

function summarise(profile: Profile, top: number): { totalMs: number; rows: SelfTime[] } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]!);
    const us = deltas[i] ?? 0;
    if (!node) continue;
    total += us;
    const name = label(node);
    self.set(name, (self.get(name) ?? 0) + us);
  }
  const rows = [...self]
    .map(([name, us]) => ({ name, ms: us / 1000, share: total ? us / total : 0 }))
    .toSorted((a, b) => b.ms - a.ms)
    .slice(0, top);
  return { totalMs: total / 1000, rows };
}

export function printProfile(title: string, summary: { totalMs: number; rows: SelfTime[] }) {
  console.log(`\n${title}: ${summary.totalMs.toFixed(0)} ms sampled, top self time`);
  for (const row of summary.rows) {
    console.log(
      `  ${row.ms.toFixed(1).padStart(8)} ms ${(row.share * 100).toFixed(1).padStart(5)} %  ${row.name}`,
    );
  }
}
