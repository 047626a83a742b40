import type { MailMessage } from './mailer.ts';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

interface Layout {
  to: string;
  subject: string;
  /** Paragraphs of plain text; escaped for the HTML body. */
  paragraphs: string[];
  action?: { label: string; url: string };
  /** A list of linked items below the paragraphs (the comments of a notification). */
  links?: { text: string; url: string }[];
  footer?: string;
  /** A notification's way out: linked in the footer and named in List-Unsubscribe. */
  unsubscribe?: { label: string; url: string };
}

/** Both bodies from one description, so they cannot say different things. */
export function composeMail(layout: Layout): MailMessage {
  const { to, subject, paragraphs, action, links = [], footer, unsubscribe } = layout;
  const text = [
    ...paragraphs,
    ...links.map((link) => `- ${link.text}\n  ${link.url}`),
    ...(action ? [`${action.label}: ${action.url}`] : []),
    ...(footer || unsubscribe ? ['--'] : []),
    ...(footer ? [footer] : []),
    ...(unsubscribe ? [`${unsubscribe.label}: ${unsubscribe.url}`] : []),
  ].join('\n\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2430;max-width:34rem">
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${links.length > 0 ? `<ul style="padding-left:1.2em">${links.map((link) => `<li style="margin-bottom:.6em"><a href="${escapeHtml(link.url)}" style="color:#3d5afe">${escapeHtml(link.text)}</a></li>`).join('')}</ul>` : ''}
${action ? `<p><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:.6em 1.1em;border-radius:6px;background:#3d5afe;color:#fff;text-decoration:none">${escapeHtml(action.label)}</a></p>` : ''}
${footer ? `<p style="color:#6b7280;font-size:.85em">${escapeHtml(footer)}</p>` : ''}
${unsubscribe ? `<p style="color:#6b7280;font-size:.85em"><a href="${escapeHtml(unsubscribe.url)}" style="color:#6b7280">${escapeHtml(unsubscribe.label)}</a></p>` : ''}
</body></html>`;
  // Mail clients offer their own unsubscribe button, which opens the same link.
  const headers = unsubscribe ? { 'List-Unsubscribe': `<${unsubscribe.url}>` } : undefined;
  return { to, subject, text, html, ...(headers ? { headers } : {}) };
}

export function testEmail(input: { to: string; instanceUrl: string; sentBy: string }) {
  return composeMail({
    to: input.to,
    subject: 'Journeyboard test email',
    paragraphs: [
      `${input.sentBy} sent this test from the admin page of ${input.instanceUrl}.`,
      'If you can read it, Journeyboard can send email: invites, password resets and notifications will arrive.',
    ],
    action: { label: 'Open Journeyboard', url: input.instanceUrl },
  });
}

export function passwordResetEmail(input: { to: string; displayName: string; url: string }) {
  return composeMail({
    to: input.to,
    subject: 'Reset your Journeyboard password',
    paragraphs: [
      `Hello ${input.displayName},`,
      'Someone asked to reset the password of your Journeyboard account. The link works once, for one hour; using it signs you out everywhere else.',
    ],
    action: { label: 'Choose a new password', url: input.url },
    footer: 'If you did not ask for this, ignore this email: your password stays as it is.',
  });
}

export function boardInviteEmail(input: {
  to: string;
  inviterName: string;
  boardTitle: string;
  role: string;
  url: string;
}) {
  return composeMail({
    to: input.to,
    subject: `${input.inviterName} invited you to "${input.boardTitle}" on Journeyboard`,
    paragraphs: [
      `${input.inviterName} invited you to the journey map "${input.boardTitle}" as ${input.role === 'editor' ? 'an' : 'a'} ${input.role}.`,
      'Open the link to join; if you have no account yet you can create one from there. The link works once and expires in 7 days.',
    ],
    action: { label: 'Open the board', url: input.url },
  });
}

export function verifyEmailMessage(input: { to: string; displayName: string; url: string }) {
  return composeMail({
    to: input.to,
    subject: 'Confirm your email address for Journeyboard',
    paragraphs: [
      `Hello ${input.displayName},`,
      'Confirm that this is your address, so that invites and notifications reach you and single sign-on can find your account. The link works once, for 7 days.',
    ],
    action: { label: 'Confirm my address', url: input.url },
    footer: 'If you did not create a Journeyboard account, ignore this email.',
  });
}

export function existingAccountEmail(input: {
  to: string;
  displayName: string;
  signInUrl: string;
  resetUrl: string;
}) {
  return composeMail({
    to: input.to,
    subject: 'Someone tried to create a Journeyboard account with your address',
    paragraphs: [
      `Hello ${input.displayName},`,
      'Someone just tried to create a new Journeyboard account with this email address, which already has an account. No new account was made and nothing about yours changed.',
      `If it was you, sign in instead. If you forgot your password, choose a new one: ${input.resetUrl}`,
    ],
    action: { label: 'Sign in', url: input.signInUrl },
    footer:
      'If it was not you, you can ignore this email: nobody can sign in to your account without your password.',
  });
}

export function accessRequestEmail(input: {
  to: string;
  requesterName: string;
  boardTitle: string;
  role: string;
  url: string;
}) {
  return composeMail({
    to: input.to,
    subject: `${input.requesterName} asks to edit "${input.boardTitle}"`,
    paragraphs: [
      `${input.requesterName} can see the journey map "${input.boardTitle}" as a ${input.role} and asks to edit it.`,
      'Open the board: the bell and the Share dialog grant edit access in one click.',
    ],
    action: { label: 'Open the board', url: input.url },
    footer: 'You receive this because you own the board.',
  });
}
