import { page } from '$app/state';

/**
 * A results notification links `?vote=<id>`: once that session is among the revealed
 * ones, `show` opens the panel at it (once per link). Call during initialisation.
 */
export function followVoteLink(revealedIds: () => readonly string[], show: (id: string) => void) {
  let followed = '';
  $effect(() => {
    const linked = page.url.searchParams.get('vote') ?? '';
    if (!linked || linked === followed || !revealedIds().includes(linked)) return;
    followed = linked;
    show(linked);
  });
}
