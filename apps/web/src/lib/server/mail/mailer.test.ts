import { afterEach, beforeEach, expect, it } from 'vitest';
import { createMailer, type Mailer } from './mailer.ts';
import { composeMail, testEmail } from './templates.ts';
import { startTestSmtpServer, type TestSmtpServer } from './test-smtp-server.ts';

let smtp: TestSmtpServer;
let mailer: Mailer | undefined;

beforeEach(async () => {
  smtp = await startTestSmtpServer();
});

afterEach(async () => {
  mailer?.close();
  mailer = undefined;
  await smtp.close();
});

it('delivers plain-text and HTML bodies through SMTP', async () => {
  mailer = createMailer({ smtpUrl: smtp.url, from: 'Journeyboard <jb@example.com>' });
  const result = await mailer.send(
    testEmail({ to: 'ada@example.com', instanceUrl: 'http://jb.example', sentBy: 'Grace' }),
  );
  expect(result.delivered).toBe(true);
  expect(smtp.received).toHaveLength(1);
  const [mail] = smtp.received;
  expect(mail?.subject).toBe('Journeyboard test email');
  expect(mail?.from?.text).toContain('jb@example.com');
  expect(mail?.text).toContain('Open Journeyboard: http://jb.example');
  expect(mail?.html).toContain('href="http://jb.example"');
});

it('escapes what people typed in the HTML body', async () => {
  mailer = createMailer({ smtpUrl: smtp.url, from: 'jb@example.com' });
  await mailer.send(
    composeMail({
      to: 'a@example.com',
      subject: 'Hi',
      paragraphs: ['<img src=x onerror=alert(1)>'],
    }),
  );
  expect(smtp.received[0]?.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  expect(smtp.received[0]?.html).not.toContain('<img');
});

it('without SMTP, says in the log where the email would have gone and its links', async () => {
  const lines: string[] = [];
  mailer = createMailer({ smtpUrl: null, from: 'jb@example.com', log: (l) => lines.push(l) });
  const result = await mailer.send(
    testEmail({ to: 'ada@example.com', instanceUrl: 'http://jb.example', sentBy: 'Grace' }),
  );
  expect(result).toEqual({ delivered: false, reason: 'not_configured' });
  expect(mailer.configured).toBe(false);
  expect(lines).toEqual([
    '[mail] not sent (no SMTP_URL): to ada@example.com, "Journeyboard test email", links: http://jb.example',
  ]);
  expect(smtp.received).toHaveLength(0);
});

it('shows the SMTP server without its password', () => {
  mailer = createMailer({ smtpUrl: 'smtp://user:secret@mail.example:587', from: 'jb@example.com' });
  expect(mailer.server).toBe('smtp://mail.example:587');
});

it('fails clearly when the SMTP server cannot be reached', async () => {
  await smtp.close();
  mailer = createMailer({ smtpUrl: smtp.url, from: 'jb@example.com' });
  await expect(
    mailer.send(composeMail({ to: 'a@example.com', subject: 'Hi', paragraphs: ['x'] })),
  ).rejects.toThrow(/ECONNREFUSED|connect/);
  smtp = await startTestSmtpServer();
});
