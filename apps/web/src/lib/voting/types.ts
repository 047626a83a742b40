/** A session as the server shows it to one member (see lib/server/voting/voting-service.ts). */
export interface SessionView {
  id: string;
  title: string;
  createdBy: string;
  createdAt: number;
  mode: 'live' | 'async';
  privacy: 'secret' | 'open';
  status: 'open' | 'revealed';
  budget: number;
  maxPerCard: number;
  cardIds: string[];
  endsAt: number | null;
  /** Secret sessions: results are published once this many have voted. */
  minVoters: number;
  revealedAt: number | null;
  voterCount: number;
  ballot: { votes: Record<string, number>; used: number; remaining: number };
}

/** What a ballot line shows about a card. */
export interface CardLabel {
  id: string;
  text: string;
  stage: string;
}

export interface StartSessionForm {
  title: string;
  budget: number;
  maxPerCard: number;
  mode: 'live' | 'async';
  privacy: 'secret' | 'open';
  /** Secret sessions only. */
  minVoters?: number;
  durationMinutes?: number;
  deadline?: number;
  laneIds: string[] | null;
  stageIds: string[] | null;
}

/** An open session on the board list: where to vote and how many votes are left. */
export interface OpenVote {
  boardId: string;
  boardTitle: string;
  sessionId: string;
  title: string;
  mode: 'live' | 'async';
  endsAt: number | null;
  remaining: number;
  budget: number;
}
