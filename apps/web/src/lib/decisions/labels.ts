import type { IdeaKind, InitiativeStatus } from '@journeyboard/model';

export const STATUS_LABELS: Record<InitiativeStatus, string> = {
  proposed: 'Proposed',
  active: 'Active',
  done: 'Done',
  stopped: 'Stopped',
};

export const IDEA_KIND_LABELS: Record<IdeaKind, string> = {
  idea: 'Idea',
  friction: 'Friction observation',
};
