import nodemailer, { type Transporter } from 'nodemailer';

/** One email, with both bodies: some clients show only the plain text. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, such as List-Unsubscribe on notifications. */
  headers?: Record<string, string>;
}

export type MailResult =
  | { delivered: true; messageId: string }
  /** No SMTP configured: the message went to the server log instead. */
  | { delivered: false; reason: 'not_configured' };

export interface Mailer {
  /** False when no SMTP_URL is set: mail is logged, not sent. */
  readonly configured: boolean;
  /** The SMTP server without its password, for the admin page. */
  readonly server: string | null;
  readonly from: string;
  send(message: MailMessage): Promise<MailResult>;
  close(): void;
}

export interface MailerOptions {
  /** `smtp://user:pass@host:587` or `smtps://…:465`; null or '' logs instead of sending. */
  smtpUrl: string | null;
  from: string;
  /** Where unsent mail is described; the server log by default. */
  log?: (line: string) => void;
}

const DEFAULT_MAIL_FROM = 'Journeyboard <journeyboard@localhost>';

/** The host and port, never the credentials. */
function describeServer(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    return `${url.protocol}//${url.host}`;
  } catch {
    throw new Error('SMTP_URL is not a URL (expected smtp://user:password@host:port)');
  }
}

/** The links of a plain-text body: what a reader of the log needs to act on the email. */
function linksIn(text: string): string[] {
  const links = (text.match(/https?:\/\/\S+/g) ?? []).map((link) => link.replace(/[.,;:)]+$/, ''));
  return [...new Set(links)];
}

export function createMailer(options: MailerOptions): Mailer {
  const log = options.log ?? ((line: string) => console.info(line));
  const smtpUrl = options.smtpUrl || null;
  const server = smtpUrl === null ? null : describeServer(smtpUrl);
  const transport: Transporter | null =
    smtpUrl === null ? null : nodemailer.createTransport(smtpUrl, { from: options.from });
  return {
    configured: transport !== null,
    server,
    from: options.from,
    async send(message) {
      if (!transport) {
        const links = linksIn(message.text);
        log(
          `[mail] not sent (no SMTP_URL): to ${message.to}, "${message.subject}"` +
            (links.length > 0 ? `, links: ${links.join(' ')}` : ''),
        );
        return { delivered: false, reason: 'not_configured' };
      }
      const info = (await transport.sendMail({ from: options.from, ...message })) as {
        messageId: string;
      };
      return { delivered: true, messageId: info.messageId };
    },
    close() {
      transport?.close();
    },
  };
}

const MAILER = Symbol.for('journeyboard.mailer');

/** One mailer per process (one SMTP connection pool), from SMTP_URL and MAIL_FROM. */
export function getMailer(): Mailer {
  const holder = globalThis as { [MAILER]?: Mailer };
  return (holder[MAILER] ??= createMailer({
    smtpUrl: process.env.SMTP_URL ?? null,
    from: process.env.MAIL_FROM || DEFAULT_MAIL_FROM,
  }));
}
