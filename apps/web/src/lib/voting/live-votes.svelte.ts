import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { observeVoting, readVoteEntries, type VoteEntry } from '@journeyboard/model';
import { reconnectWithJitter } from '#lib/board/provider-seam.ts';
import { syncServerUrl } from '#lib/board/sync-url.ts';

type SessionState = Pick<VoteEntry, 'id' | 'status'>;

/** Which sessions exist and in what state: a change means the page's data is stale. */
function sessionsKey(sessions: readonly SessionState[]): string {
  return sessions
    .map((session) => `${session.id}:${session.status}`)
    .sort()
    .join(',');
}

/**
 * The board's voting entries, live, for a page without the map (the phone Votes page):
 * the server writes sessions, voter counts and reveals into the board document, so this
 * follows the document rather than asking again and again. Nothing is stored locally.
 */
export class LiveVotes {
  /** The entries as the board holds them; empty until the first sync. */
  entries = $state<VoteEntry[]>([]);
  readonly #doc = new Y.Doc();
  readonly #provider: WebsocketProvider;
  readonly #stop: () => void;
  #key: string;

  /**
   * `loaded`: the sessions the page was loaded with; `onsessionschange` runs whenever the
   * board's differ (one opened or was revealed), the first sync included.
   */
  constructor(boardId: string, loaded: readonly SessionState[], onsessionschange: () => void) {
    this.#key = sessionsKey(loaded);
    this.#provider = new WebsocketProvider(syncServerUrl(), boardId, this.#doc);
    reconnectWithJitter(this.#provider);
    const read = () => {
      if (!this.#provider.synced) return;
      this.entries = readVoteEntries(this.#doc);
      const key = sessionsKey(this.entries);
      if (key !== this.#key) onsessionschange();
      this.#key = key;
    };
    this.#provider.on('sync', read);
    this.#stop = observeVoting(this.#doc, read);
  }

  /** How many have voted in a session, as the board shows it now. */
  voterCount(sessionId: string): number | undefined {
    return this.entries.find((entry) => entry.id === sessionId)?.voterCount;
  }

  destroy(): void {
    this.#stop();
    this.#provider.destroy();
    this.#doc.destroy();
  }
}
