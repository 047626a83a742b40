/** Redis stream ids are `<ms>-<seq>`; both parts can pass 2^53, so compare as bigints. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs, aSeq] = parts(a);
  const [bMs, bSeq] = parts(b);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}

export function maxStreamId(a: string, b: string): string {
  return compareStreamIds(a, b) >= 0 ? a : b;
}

function parts(id: string): [bigint, bigint] {
  const [ms = '0', seq = '0'] = id.split('-');
  return [BigInt(ms), BigInt(seq)];
}
