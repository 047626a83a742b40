import type { VoteMode, VotePrivacy, VoteRow, VoteSession, VoteStatus } from './ballot-types.ts';

type Row = Record<string, unknown>;

export const SESSION_COLUMNS =
  'id, board_id, title, created_by, created_at, mode, privacy, budget, max_per_card, card_ids, ends_at, status, revealed_at, min_voters';

export function toVoteSession(row: Row): VoteSession {
  return {
    id: String(row.id),
    boardId: String(row.board_id),
    title: String(row.title),
    createdBy: String(row.created_by),
    createdAt: Number(row.created_at),
    mode: row.mode as VoteMode,
    privacy: row.privacy as VotePrivacy,
    budget: Number(row.budget),
    maxPerCard: Number(row.max_per_card),
    cardIds: JSON.parse(String(row.card_ids)) as string[],
    endsAt: row.ends_at === null ? null : Number(row.ends_at),
    status: row.status as VoteStatus,
    revealedAt: row.revealed_at === null ? null : Number(row.revealed_at),
    minVoters: Number(row.min_voters),
  };
}

/** A ballot row joined with the voter's frozen department, as either driver returns it. */
export function toVoteRow(row: Row): VoteRow {
  return {
    userId: String(row.user_id),
    cardId: String(row.card_id),
    count: Number(row.count),
    department: typeof row.department === 'string' ? row.department : null,
  };
}
