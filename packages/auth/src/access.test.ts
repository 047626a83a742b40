import type { BoardRole, User } from '@journeyboard/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorizeBoardAccess } from './access.ts';
import { SESSION_COOKIE_NAME } from './cookie.ts';
import { ROLES } from './roles.ts';
import { createSession, invalidateSession } from './session.ts';
import { openTestStorage, type TestStorage } from './test-storage.ts';
import { generateSessionToken } from './tokens.ts';

let t: TestStorage;
let owner: User;
let boardId: string;

beforeEach(async () => {
  t = await openTestStorage();
  owner = await t.createUser('owner@example.com');
  boardId = await t.createBoard(owner.id);
});

afterEach(async () => {
  await t.dispose();
});

async function cookieFor(userId: string, now?: number): Promise<string> {
  const { token } = await createSession(t.storage, userId, { now });
  return `theme=dark; ${SESSION_COOKIE_NAME}=${token}`;
}

describe('authorizeBoardAccess', () => {
  it('answers 401 without a session cookie', async () => {
    expect(await authorizeBoardAccess(t.storage, { cookieHeader: undefined, boardId })).toEqual({
      ok: false,
      status: 401,
      reason: 'not signed in',
    });
  });

  it('answers 401 for a token with no session', async () => {
    const cookieHeader = `${SESSION_COOKIE_NAME}=${generateSessionToken()}`;
    expect(await authorizeBoardAccess(t.storage, { cookieHeader, boardId })).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it('answers 401 after sign-out', async () => {
    const { token, session } = await createSession(t.storage, owner.id);
    await invalidateSession(t.storage, session.id);
    const cookieHeader = `${SESSION_COOKIE_NAME}=${token}`;
    expect(await authorizeBoardAccess(t.storage, { cookieHeader, boardId })).toMatchObject({
      status: 401,
    });
  });

  it('answers 401 for an expired session', async () => {
    const cookieHeader = await cookieFor(owner.id, Date.now() - 31 * 24 * 60 * 60 * 1000);
    expect(await authorizeBoardAccess(t.storage, { cookieHeader, boardId })).toMatchObject({
      status: 401,
    });
  });

  it('answers 404 for a board that does not exist', async () => {
    const cookieHeader = await cookieFor(owner.id);
    const decision = await authorizeBoardAccess(t.storage, { cookieHeader, boardId: 'nope-123' });
    expect(decision).toEqual({ ok: false, status: 404, reason: 'board not found' });
  });

  it('answers 403 to a signed-in user who is not a member', async () => {
    const stranger = await t.createUser('stranger@example.com');
    const cookieHeader = await cookieFor(stranger.id);
    expect(await authorizeBoardAccess(t.storage, { cookieHeader, boardId })).toEqual({
      ok: false,
      status: 403,
      reason: 'not a member of this board',
    });
  });

  it('answers 403 once a member is removed', async () => {
    const member = await t.createUser('member@example.com');
    await t.storage.members.add(boardId, member.id, 'editor');
    const cookieHeader = await cookieFor(member.id);
    await t.storage.members.remove(boardId, member.id);
    expect(await authorizeBoardAccess(t.storage, { cookieHeader, boardId })).toMatchObject({
      status: 403,
    });
  });

  it.each(ROLES.filter((role) => role !== 'owner'))(
    'lets a %s in with that role',
    async (role: BoardRole) => {
      const member = await t.createUser(`${role}@example.com`);
      await t.storage.members.add(boardId, member.id, role);
      const cookieHeader = await cookieFor(member.id);
      expect(await authorizeBoardAccess(t.storage, { cookieHeader, boardId })).toEqual({
        ok: true,
        userId: member.id,
        role,
        name: member.displayName,
        colour: member.colour,
      });
    },
  );

  it('lets the owner in as owner', async () => {
    const cookieHeader = await cookieFor(owner.id);
    expect(await authorizeBoardAccess(t.storage, { cookieHeader, boardId })).toEqual({
      ok: true,
      userId: owner.id,
      role: 'owner',
      name: owner.displayName,
      colour: owner.colour,
    });
  });
});
