import type { Initiative, InitiativeStatus } from '@journeyboard/model';
import { STATUS_LABELS } from './labels.ts';

export interface InitiativeChip {
  status: InitiativeStatus;
  label: string;
  /** The hover text: which initiative, in what state, and why it stopped. */
  title: string;
}

/** Work under way speaks for the card first; a stopped one only when nothing else does. */
const PRECEDENCE: readonly InitiativeStatus[] = ['active', 'proposed', 'done', 'stopped'];

/** The chip a friction card shows for the initiatives linked to it, if any. */
export function initiativeChip(
  cardId: string,
  initiatives: readonly Initiative[],
): InitiativeChip | null {
  const linked = initiatives.filter((initiative) => initiative.cardIds.includes(cardId));
  const chosen = PRECEDENCE.map((status) => linked.find((i) => i.status === status)).find(
    (initiative) => initiative !== undefined,
  );
  if (!chosen) return null;
  const others = linked.length > 1 ? ` (and ${linked.length - 1} more)` : '';
  return {
    status: chosen.status,
    label: `Initiative ${STATUS_LABELS[chosen.status].toLowerCase()}`,
    title: `${describe(chosen)}${others}`,
  };
}

function describe(initiative: Initiative): string {
  const name = `“${initiative.title}”`;
  switch (initiative.status) {
    case 'proposed':
      return `Initiative ${name} is proposed to take this on`;
    case 'active':
      return `Initiative ${name} is taking this on`;
    case 'done':
      return `Initiative ${name} is done`;
    case 'stopped': {
      const reason = initiative.history.findLast((change) => change.to === 'stopped')?.reason;
      return `Initiative ${name} was stopped${reason ? `: ${reason}` : ''}`;
    }
  }
}
