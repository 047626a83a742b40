import { getContext, setContext } from 'svelte';
import { requestEditAccess } from '#lib/notifications/bell-api.ts';
import type { EditAttempt } from './edit-attempts.ts';

export type RequestState = 'idle' | 'sending' | 'sent' | 'waiting' | 'failed';

/**
 * What a viewer or commenter is told when they try to change the board: the badge in the
 * toolbar opens it, and so does any attempted edit on the map.
 */
export class AccessNotice {
  readonly boardId: string;
  open = $state(false);
  /** The last thing they tried, or null when they opened the badge themselves. */
  attempt = $state<EditAttempt | null>(null);
  request = $state<RequestState>('idle');
  problem = $state<string | null>(null);

  constructor(boardId: string) {
    this.boardId = boardId;
  }

  show(attempt: EditAttempt | null): void {
    this.attempt = attempt;
    this.open = true;
  }

  hide(): void {
    this.open = false;
  }

  async ask(): Promise<void> {
    if (this.request === 'sending' || this.request === 'sent') return;
    this.request = 'sending';
    this.problem = null;
    try {
      const result = await requestEditAccess(this.boardId);
      this.request = result.sent ? 'sent' : 'waiting';
    } catch (error) {
      this.request = 'failed';
      this.problem = error instanceof Error ? error.message : String(error);
    }
  }
}

const KEY = Symbol('access-notice');

export function setAccessNotice(notice: AccessNotice): AccessNotice {
  return setContext(KEY, notice);
}

export function getAccessNotice(): AccessNotice | undefined {
  return getContext<AccessNotice | undefined>(KEY);
}
