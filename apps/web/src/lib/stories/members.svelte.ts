import type { Awareness } from 'y-protocols/awareness';
import type { Member } from '@journeyboard/model';
import { membersFromPresence } from './members.ts';

/**
 * The people @mentions can name: the board's members when the page knows them, else
 * everyone present now (their presence name), so mentions work before accounts exist.
 */
export class PresenceMembers {
  #members = $state.raw<readonly Member[]>([]);
  readonly #awareness: Awareness;
  readonly #onChange = () => this.#read();

  constructor(awareness: Awareness) {
    this.#awareness = awareness;
    this.#read();
    awareness.on('change', this.#onChange);
  }

  get members(): readonly Member[] {
    return this.#members;
  }

  #read(): void {
    const next = membersFromPresence(this.#awareness.getStates().values());
    const same =
      next.length === this.#members.length &&
      next.every((m, i) => m.id === this.#members[i]?.id && m.name === this.#members[i]?.name);
    if (!same) this.#members = next;
  }

  destroy(): void {
    this.#awareness.off('change', this.#onChange);
  }
}
