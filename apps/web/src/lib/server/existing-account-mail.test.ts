import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { signUp } from '@journeyboard/auth';
import { createSqliteStorage, type Storage } from '@journeyboard/storage';
import { sendExistingAccountNotice } from './existing-account-mail.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { startTestSmtpServer, type TestSmtpServer } from './mail/test-smtp-server.ts';

const ORIGIN = 'http://jb.example';
const SUBJECT = 'Someone tried to create a Journeyboard account with your address';

let dir: string;
let storage: Storage;
let smtp: TestSmtpServer;
let mailer: Mailer;
let limiter: RateLimiterMemory;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'jb-existing-account-'));
  storage = createSqliteStorage({ file: path.join(dir, 'board.db') });
  smtp = await startTestSmtpServer();
  mailer = createMailer({ smtpUrl: smtp.url, from: 'Journeyboard <jb@example.com>' });
  limiter = new RateLimiterMemory({ points: 3, duration: 24 * 60 * 60 });
});

afterEach(async () => {
  mailer.close();
  await smtp.close();
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

const signUpAs = (email: string) =>
  signUp(storage, { email, displayName: 'Ada', password: 'correct horse battery' });

it('tells the owner of a taken address, as they spelt it, how to get in', async () => {
  expect(await signUpAs('Émile@Example.com')).not.toBeNull();
  // A second sign-up with the address in another case is refused quietly (null)...
  expect(await signUpAs('émile@example.COM')).toBeNull();

  // ...and the owner is told, through SMTP.
  const result = await sendExistingAccountNotice(storage, mailer, {
    email: 'émile@example.COM',
    origin: ORIGIN,
    limiter,
  });

  expect(result?.delivered).toBe(true);
  expect(smtp.received).toHaveLength(1);
  const [mail] = smtp.received;
  expect(mail?.subject).toBe(SUBJECT);
  expect(mail?.to && !Array.isArray(mail.to) ? mail.to.text : null).toBe('Émile@example.com');
  expect(mail?.text).toContain('Sign in: http://jb.example/signin');
  expect(mail?.text).toContain('http://jb.example/forgot');
  expect(mail?.html).toContain('href="http://jb.example/signin"');
});

it('sends nothing for an address without an account', async () => {
  const result = await sendExistingAccountNotice(storage, mailer, {
    email: 'nobody@example.com',
    origin: ORIGIN,
    limiter,
  });
  expect(result).toBeNull();
  expect(smtp.received).toHaveLength(0);
});

it('sends at most three notices a day to one address, however it is spelt', async () => {
  await signUpAs('grace@example.com');
  const spellings = [
    'grace@example.com',
    'GRACE@example.com',
    ' Grace@Example.com ',
    'grace@EXAMPLE.com',
  ];
  const results = [];
  for (const email of spellings) {
    results.push(
      await sendExistingAccountNotice(storage, mailer, { email, origin: ORIGIN, limiter }),
    );
  }
  expect(results.map((r) => r?.delivered ?? null)).toEqual([true, true, true, null]);
  expect(smtp.received).toHaveLength(3);
});

it('sends nothing to a disabled account', async () => {
  const user = await signUpAs('off@example.com');
  await storage.instance.setDisabled(user!.id, Date.now());
  const result = await sendExistingAccountNotice(storage, mailer, {
    email: 'off@example.com',
    origin: ORIGIN,
    limiter,
  });
  expect(result).toBeNull();
  expect(smtp.received).toHaveLength(0);
});
