import type { BellContent } from './inbox-types.ts';

async function answer<T>(response: Response): Promise<T> {
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    throw new Error(body?.message ?? `The server answered ${response.status}.`);
  }
  return (await response.json()) as T;
}

export async function loadBell(): Promise<BellContent> {
  return answer(await fetch('/notifications', { headers: { accept: 'application/json' } }));
}

export async function markRead(ids: readonly string[]): Promise<{ unread: number }> {
  return answer(
    await fetch('/notifications/read', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ids }),
    }),
  );
}

/** An owner grants edit access from the bell: the Share dialog's role change. */
export async function grantEdit(boardId: string, userId: string): Promise<void> {
  await answer(
    await fetch(`/b/${encodeURIComponent(boardId)}/share/members/${encodeURIComponent(userId)}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'editor' }),
    }),
  );
}

/** A viewer or commenter asks the owners to let them edit. */
export async function requestEditAccess(boardId: string): Promise<{ sent: boolean }> {
  return answer(
    await fetch(`/b/${encodeURIComponent(boardId)}/access-request`, {
      method: 'POST',
      headers: { accept: 'application/json' },
    }),
  );
}
