import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SESSION_DURATION_MS,
  createSession,
  deleteExpiredSessions,
  invalidateAllSessions,
  invalidateSession,
  validateSessionToken,
} from './session.ts';
import { openTestStorage, type TestStorage } from './test-storage.ts';
import { hashToken } from './tokens.ts';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 0, 1);

let t: TestStorage;
let userId: string;

beforeEach(async () => {
  t = await openTestStorage();
  userId = (await t.createUser('ada@example.com')).id;
});

afterEach(async () => {
  await t.dispose();
});

describe('sessions', () => {
  it('stores the SHA-256 of the token as the session id', async () => {
    const { token, session } = await createSession(t.storage, userId, { now: T0 });
    expect(session.id).toBe(hashToken(token));
    expect(await t.storage.sessions.getWithUser(hashToken(token))).not.toBeNull();
  });

  it('never writes the token itself to the database file', async () => {
    const { token } = await createSession(t.storage, userId, { now: T0 });
    await validateSessionToken(t.storage, token, { now: T0 + 20 * DAY });
    await t.storage.close();
    const bytes = Buffer.concat(
      await Promise.all(t.files().map((file) => readFile(file).catch(() => Buffer.alloc(0)))),
    );
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(Buffer.from(hashToken(token)))).toBe(true);
    expect(bytes.includes(Buffer.from(token))).toBe(false);
  });

  it('expires 30 days after creation', async () => {
    const { session } = await createSession(t.storage, userId, { now: T0 });
    expect(session.expiresAt).toBe(T0 + SESSION_DURATION_MS);
    expect(SESSION_DURATION_MS).toBe(30 * DAY);
  });

  it('validates a live token to its session and user', async () => {
    const { token, session } = await createSession(t.storage, userId, { now: T0 });
    const result = await validateSessionToken(t.storage, token, { now: T0 + DAY });
    expect(result?.session.id).toBe(session.id);
    expect(result?.user.email).toBe('ada@example.com');
    expect(result?.fresh).toBe(false);
  });

  it('leaves the expiry alone while more than 15 days remain', async () => {
    const { token, session } = await createSession(t.storage, userId, { now: T0 });
    await validateSessionToken(t.storage, token, { now: T0 + 14 * DAY });
    const stored = await t.storage.sessions.getWithUser(session.id);
    expect(stored?.session.expiresAt).toBe(session.expiresAt);
  });

  it('slides the expiry to 30 days from now once less than 15 days remain', async () => {
    const { token, session } = await createSession(t.storage, userId, { now: T0 });
    const now = T0 + 16 * DAY;
    const result = await validateSessionToken(t.storage, token, { now });
    expect(result?.fresh).toBe(true);
    expect(result?.session.expiresAt).toBe(now + 30 * DAY);
    const stored = await t.storage.sessions.getWithUser(session.id);
    expect(stored?.session.expiresAt).toBe(now + 30 * DAY);
  });

  it('refuses an expired token and deletes its row', async () => {
    const { token, session } = await createSession(t.storage, userId, { now: T0 });
    expect(await validateSessionToken(t.storage, token, { now: T0 + 30 * DAY })).toBeNull();
    expect(await t.storage.sessions.getWithUser(session.id)).toBeNull();
  });

  it('refuses unknown and malformed tokens', async () => {
    await createSession(t.storage, userId, { now: T0 });
    expect(await validateSessionToken(t.storage, 'a'.repeat(32), { now: T0 })).toBeNull();
    expect(await validateSessionToken(t.storage, "' or 1=1 --", { now: T0 })).toBeNull();
  });

  it('refuses a token after sign-out', async () => {
    const { token, session } = await createSession(t.storage, userId, { now: T0 });
    await invalidateSession(t.storage, session.id);
    expect(await validateSessionToken(t.storage, token, { now: T0 })).toBeNull();
  });

  it('signs a user out everywhere without touching other users', async () => {
    const other = await t.createUser('grace@example.com');
    const a = await createSession(t.storage, userId, { now: T0 });
    const b = await createSession(t.storage, userId, { now: T0 });
    const c = await createSession(t.storage, other.id, { now: T0 });
    await invalidateAllSessions(t.storage, userId);
    expect(await validateSessionToken(t.storage, a.token, { now: T0 })).toBeNull();
    expect(await validateSessionToken(t.storage, b.token, { now: T0 })).toBeNull();
    expect(await validateSessionToken(t.storage, c.token, { now: T0 })).not.toBeNull();
  });

  it('can keep the current session when signing out everywhere else', async () => {
    const keep = await createSession(t.storage, userId, { now: T0 });
    const drop = await createSession(t.storage, userId, { now: T0 });
    await invalidateAllSessions(t.storage, userId, { exceptSessionId: keep.session.id });
    expect(await validateSessionToken(t.storage, keep.token, { now: T0 })).not.toBeNull();
    expect(await validateSessionToken(t.storage, drop.token, { now: T0 })).toBeNull();
  });

  it('sweeps expired sessions that nobody validated', async () => {
    const old = await createSession(t.storage, userId, { now: T0 });
    const live = await createSession(t.storage, userId, { now: T0 + 20 * DAY });
    expect(await deleteExpiredSessions(t.storage, { now: T0 + 31 * DAY })).toBe(1);
    expect(await t.storage.sessions.getWithUser(old.session.id)).toBeNull();
    expect(await t.storage.sessions.getWithUser(live.session.id)).not.toBeNull();
  });
});
