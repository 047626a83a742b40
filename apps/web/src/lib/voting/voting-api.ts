import type { SessionView, StartSessionForm } from './types.ts';

/** A refusal from the server, with its message meant for people. */
class VotingRequestError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'VotingRequestError';
    this.status = status;
  }
}

async function call<T>(url: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new VotingRequestError(0, 'Could not reach the server. Check your connection and retry.');
  }
  const data = (await response.json().catch(() => ({}))) as { message?: string };
  if (!response.ok) {
    throw new VotingRequestError(
      response.status,
      data.message ?? `Request failed (${response.status}).`,
    );
  }
  return data as T;
}

/** The voting and facilitation endpoints of one board. */
export function votingApi(boardId: string) {
  const base = `/b/${encodeURIComponent(boardId)}`;
  return {
    list: () => call<{ serverNow: number; sessions: SessionView[] }>(`${base}/votes`),
    start: (form: StartSessionForm) =>
      call<{ session: { id: string; cardCount: number } }>(`${base}/votes`, form),
    vote: (sessionId: string, cardId: string, delta: 1 | -1) =>
      call<{ ballot: SessionView['ballot'] }>(`${base}/votes/${sessionId}`, {
        action: 'vote',
        cardId,
        delta,
      }),
    reveal: (sessionId: string) =>
      call<{ revealed: boolean }>(`${base}/votes/${sessionId}`, { action: 'reveal' }),
    /** Closes now; a secret session below the minimum of voters closes without totals. */
    close: (sessionId: string) =>
      call<{ closed: boolean }>(`${base}/votes/${sessionId}`, { action: 'close' }),
    timer: (minutes: number, label: string) =>
      call<{ endsAt: number }>(`${base}/facilitation`, { action: 'timer', minutes, label }),
    stopTimer: () => call<unknown>(`${base}/facilitation`, { action: 'stop-timer' }),
    lock: () => call<unknown>(`${base}/facilitation`, { action: 'lock' }),
    unlock: () => call<unknown>(`${base}/facilitation`, { action: 'unlock' }),
  };
}

export type VotingApi = ReturnType<typeof votingApi>;
