import type * as Y from 'yjs';
import {
  observeVoting,
  readBoardLock,
  readSharedTimer,
  readVoteEntries,
  type BoardLock,
  type SharedTimer,
  type VoteEntry,
} from '@journeyboard/model';
import { votingApi, type VotingApi } from './voting-api.ts';
import type { SessionView, StartSessionForm } from './types.ts';

/**
 * The Votes panel's state. What everyone may see (sessions, results, timer, lock) comes
 * live from the board document, written there by the server. The member's own ballot
 * comes from the server over HTTP: it is never in the document.
 */
export class VotingState {
  entries = $state<VoteEntry[]>([]);
  timer = $state<SharedTimer | null>(null);
  lock = $state<BoardLock | null>(null);
  /** This member's view of each session (own ballot, voter count), by id. */
  views = $state<Record<string, SessionView>>({});
  /** Server clock minus ours, so every countdown ends at the same moment. */
  clockOffset = $state(0);
  loading = $state(true);
  /** The card whose vote is being sent, to show progress and avoid double taps. */
  pending = $state<string | null>(null);
  error = $state<string | null>(null);
  /** The session whose results came in while this board was open, until dismissed. */
  justRevealed = $state<VoteEntry | null>(null);
  readonly api: VotingApi;
  readonly #doc: Y.Doc;
  readonly #stop: () => void;
  #known = '';

  constructor(boardId: string, doc: Y.Doc) {
    this.api = votingApi(boardId);
    this.#doc = doc;
    this.#read();
    // Everything that changes for everyone (voter counts included) arrives through the
    // document; only this member's own ballot is fetched.
    this.#stop = observeVoting(doc, () => this.#read());
    void this.refresh();
  }

  /** How many have voted in a session: live from the board, else as last fetched. */
  voterCount(entry: VoteEntry): number {
    return entry.voterCount ?? this.views[entry.id]?.voterCount ?? 0;
  }

  /** The session voting is happening in now (the newest open one). */
  get active(): VoteEntry | null {
    return this.entries.find((entry) => entry.status === 'open') ?? null;
  }

  get revealed(): VoteEntry[] {
    return this.entries.filter((entry) => entry.status === 'revealed');
  }

  now(): number {
    return Date.now() + this.clockOffset;
  }

  async refresh(): Promise<void> {
    try {
      const { serverNow, sessions } = await this.api.list();
      this.clockOffset = serverNow - Date.now();
      this.views = Object.fromEntries(sessions.map((view) => [view.id, view]));
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.loading = false;
    }
  }

  async vote(sessionId: string, cardId: string, delta: 1 | -1): Promise<void> {
    if (this.pending) return;
    this.pending = `${cardId}:${delta}`;
    try {
      const { ballot } = await this.api.vote(sessionId, cardId, delta);
      const view = this.views[sessionId];
      if (view) this.views[sessionId] = { ...view, ballot };
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.pending = null;
    }
  }

  /** Runs a facilitator action, keeping its error for the panel. */
  async run(action: (api: VotingApi) => Promise<unknown>): Promise<boolean> {
    try {
      await action(this.api);
      this.error = null;
      return true;
    } catch (error) {
      this.error = (error as Error).message;
      return false;
    }
  }

  start(form: StartSessionForm): Promise<boolean> {
    return this.run((api) => api.start(form));
  }

  destroy(): void {
    this.#stop();
  }

  #read(): void {
    const wasOpen = this.entries.filter((e) => e.status === 'open').map((e) => e.id);
    this.entries = readVoteEntries(this.#doc);
    // Revealed while this screen watched: news for everyone, panel open or not.
    const revealed = this.entries.find((e) => e.status === 'revealed' && wasOpen.includes(e.id));
    if (revealed) this.justRevealed = revealed;
    this.timer = readSharedTimer(this.#doc);
    this.lock = readBoardLock(this.#doc);
    // A session opened, closed or revealed: fetch this member's view of it again.
    const known = this.entries.map((entry) => `${entry.id}:${entry.status}`).join(',');
    if (known !== this.#known) {
      this.#known = known;
      void this.refresh();
    }
  }
}
