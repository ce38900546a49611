import * as v from 'valibot';

const flag = v.pipe(
  v.optional(v.picklist(['0', '1', 'true', 'false', '']), '0'),
  v.transform((s) => s === '1' || s === 'true'),
);
const int = (fallback: number, min = 0) =>
  v.pipe(v.optional(v.string(), String(fallback)), v.toNumber(), v.integer(), v.minValue(min));
const optionalText = v.optional(v.pipe(v.string(), v.trim(), v.transform((s) => s || undefined)));

const EnvSchema = v.object({
  NODE_ENV: v.optional(v.string(), 'development'),
  PORT: int(8787, 1),
  PUBLIC_URL: v.optional(v.pipe(v.string(), v.url()), undefined),
  DATABASE_URL: v.optional(v.pipe(v.string(), v.minLength(1)), 'file:./data/portico.db'),
  DATABASE_AUTH_TOKEN: optionalText,
  MAILER: v.optional(v.picklist(['dev', 'postmark'])),
  POSTMARK_SERVER_TOKEN: optionalText,
  POSTMARK_API_URL: v.optional(v.pipe(v.string(), v.url()), 'https://api.postmarkapp.com'),
  MAIL_FROM: v.optional(v.pipe(v.string(), v.email()), 'portal@portico.test'),
  SCHEDULER: v.optional(v.picklist(['local', 'qstash']), 'local'),
  QSTASH_TOKEN: optionalText,
  QSTASH_URL: v.optional(v.pipe(v.string(), v.url()), 'https://qstash.upstash.io'),
  QSTASH_CURRENT_SIGNING_KEY: optionalText,
  QSTASH_NEXT_SIGNING_KEY: optionalText,
  QSTASH_MAX_DELAY_SECONDS: int(7 * 86_400, 60),
  ASSIGN_NOTIFY_DELAY_SECONDS: int(300),
  MESSAGE_NOTIFY_DELAY_SECONDS: int(120),
  MORNING_HOUR: v.pipe(int(9), v.maxValue(23)),
  REMINDER_HOUR: v.pipe(int(9), v.maxValue(23)),
  SESSION_TTL_DAYS: int(30, 1),
  SIGN_IN_LINK_TTL_HOURS: int(24, 1),
  SIGN_IN_RATE_LIMIT: int(5, 1),
  DEV_CLOCK: flag,
  TRUST_PROXY: flag,
  DEV_ROUTES: v.optional(v.picklist(['0', '1', 'true', 'false'])),
  SEED: v.optional(v.picklist(['0', '1', 'true', 'false'])),
  FIRM_SIGNUP: v.optional(v.picklist(['open', 'closed'])),
  DEMO_EXTRA_ORIGINS: v.optional(v.string(), ''),
  SESSION_CACHE_SECONDS: int(5),
  HEADERS_TIMEOUT_SECONDS: int(10, 1),
  REQUEST_TIMEOUT_SECONDS: int(120, 1),
  KEEP_ALIVE_TIMEOUT_SECONDS: int(5, 1),
  SIGNING_SECRET: optionalText,
  BLOB_STORE: v.optional(v.picklist(['disk', 's3']), 'disk'),
  BLOB_DIR: optionalText,
  S3_ENDPOINT: v.optional(v.pipe(v.string(), v.url())),
  S3_BUCKET: optionalText,
  S3_REGION: v.optional(v.string(), 'auto'),
  S3_ACCESS_KEY_ID: optionalText,
  S3_SECRET_ACCESS_KEY: optionalText,
  INBOUND_DOMAIN: optionalText,
  POSTMARK_INBOUND_USER: optionalText,
  POSTMARK_INBOUND_PASSWORD: optionalText,
  POSTMARK_WEBHOOK_USER: optionalText,
  POSTMARK_WEBHOOK_PASSWORD: optionalText,
});

export interface Config {
  production: boolean;
  port: number;
  publicUrl: string;
  databaseUrl: string;
  databaseAuthToken: string | undefined;
  mailer: 'dev' | 'postmark';
  postmarkToken: string | undefined;
  /** Postmark's API; a proxy or a local stand-in may take its place. */
  postmarkApiUrl: string;
  mailFrom: string;
  scheduler: 'local' | 'qstash';
  qstash: { token: string; url: string; currentSigningKey: string; nextSigningKey: string; maxDelayMs: number } | undefined;
  assignNotifyDelaySeconds: number;
  /** The pause before a contact is emailed about the firm's new portal messages on a thread: messages written in it go out as one email. */
  messageNotifyDelaySeconds: number;
  /** The hour (0-23, the firm's wall clock) at which dated work happens: recurring tasks' next occurrences, dated sending rules, repeating work. */
  morningHour: number;
  /** The hour (0-23) reminders go out: on the contact's wall clock when they set a timezone, else the firm's. */
  reminderHour: number;
  sessionTtlMs: number;
  signInLinkTtlMs: number;
  /** Sign-in link requests allowed per address (and 4x per client IP) per 15 minutes. */
  signInRateLimit: number;
  devClock: boolean;
  /** Behind a load balancer: the caller's address is the first `X-Forwarded-For` entry (for rate limits). */
  trustProxy: boolean;
  /** `/dev/mail` and friends; on by default only with the dev mailer outside production. */
  devRoutes: boolean;
  seed: boolean;
  /** Whether anyone may sign a new firm up (`POST /public/firms`); self-hosters use `npm run firm -- create`. Open by default outside production. */
  firmSignup: boolean;
  demoExtraOrigins: string[];
  /** How long one instance may trust a session it looked up (revocation lag). */
  sessionCacheMs: number;
  /**
   * How long a connection may take (Node): to send a request's headers, to
   * send the whole request, and to sit idle between requests.
   */
  timeouts: { headersMs: number; requestMs: number; keepAliveMs: number };
  /**
   * The key for short-lived signatures (download links, reply-by-email
   * addresses). Every instance must share it; required in production.
   */
  signingSecret: string;
  /** Where file bytes go: a folder on disk (default: `blobs/` beside an embedded database, else `./data/blobs`), or an S3-compatible bucket. */
  blobs: { kind: 'disk'; dir: string } | { kind: 's3'; endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string };
  /** Replies by email: the firm's inbound domain (reply addresses are `<token>@<domain>`) and the basic-auth pair Postmark's inbound webhook sends. */
  inbound: { domain: string; user: string; password: string } | undefined;
  /** The basic-auth pair Postmark's bounce and spam-complaint webhook sends (`POST /api/v1/hooks/postmark`); unset: that hook is off (404). */
  postmarkWebhook: { user: string; password: string } | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const truthy = (s: string | undefined) => s === '1' || s === 'true';

/** Reads and validates the environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = v.safeParse(EnvSchema, env);
  if (!parsed.success) {
    const lines = parsed.issues.map((i) => `${v.getDotPath(i) ?? '?'}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.output;
  const production = e.NODE_ENV === 'production';
  const mailer = e.MAILER ?? (e.POSTMARK_SERVER_TOKEN ? 'postmark' : 'dev');
  if (mailer === 'postmark' && !e.POSTMARK_SERVER_TOKEN) {
    throw new ConfigError('Invalid environment:\n  MAILER=postmark needs POSTMARK_SERVER_TOKEN');
  }
  if (e.SCHEDULER === 'qstash') {
    const missing = (['QSTASH_TOKEN', 'QSTASH_CURRENT_SIGNING_KEY', 'QSTASH_NEXT_SIGNING_KEY', 'PUBLIC_URL'] as const).filter((k) => !e[k]);
    if (missing.length) throw new ConfigError(`Invalid environment:\n  SCHEDULER=qstash needs ${missing.join(', ')}`);
  }
  if (production && e.DEV_CLOCK) {
    throw new ConfigError('Invalid environment:\n  DEV_CLOCK must not be set in production');
  }
  // The dev mailbox shows every firm's mail, sign-in links included, to anyone.
  if (production && truthy(e.DEV_ROUTES)) {
    throw new ConfigError('Invalid environment:\n  DEV_ROUTES must not be set in production');
  }
  if (e.HEADERS_TIMEOUT_SECONDS > e.REQUEST_TIMEOUT_SECONDS) {
    throw new ConfigError('Invalid environment:\n  HEADERS_TIMEOUT_SECONDS must not be more than REQUEST_TIMEOUT_SECONDS');
  }
  if (production && (!e.SIGNING_SECRET || e.SIGNING_SECRET.length < 32)) {
    throw new ConfigError('Invalid environment:\n  SIGNING_SECRET must be set (at least 32 characters) in production');
  }
  if (e.BLOB_STORE === 's3') {
    const missing = (['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const).filter((k) => !e[k]);
    if (missing.length) throw new ConfigError(`Invalid environment:\n  BLOB_STORE=s3 needs ${missing.join(', ')}`);
  }
  const inboundSet = [e.INBOUND_DOMAIN, e.POSTMARK_INBOUND_USER, e.POSTMARK_INBOUND_PASSWORD].filter(Boolean).length;
  if (inboundSet !== 0 && inboundSet !== 3) {
    throw new ConfigError('Invalid environment:\n  INBOUND_DOMAIN, POSTMARK_INBOUND_USER and POSTMARK_INBOUND_PASSWORD go together');
  }
  if (Boolean(e.POSTMARK_WEBHOOK_USER) !== Boolean(e.POSTMARK_WEBHOOK_PASSWORD)) {
    throw new ConfigError('Invalid environment:\n  POSTMARK_WEBHOOK_USER and POSTMARK_WEBHOOK_PASSWORD go together');
  }
  const devRoutes = e.DEV_ROUTES === undefined ? mailer === 'dev' && !production : truthy(e.DEV_ROUTES);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    production,
    port: e.PORT,
    publicUrl,
    databaseUrl: e.DATABASE_URL,
    databaseAuthToken: e.DATABASE_AUTH_TOKEN,
    mailer,
    postmarkToken: e.POSTMARK_SERVER_TOKEN,
    postmarkApiUrl: e.POSTMARK_API_URL,
    mailFrom: e.MAIL_FROM,
    scheduler: e.SCHEDULER,
    qstash:
      e.SCHEDULER === 'qstash'
        ? {
            token: e.QSTASH_TOKEN!,
            url: e.QSTASH_URL.replace(/\/+$/, ''),
            currentSigningKey: e.QSTASH_CURRENT_SIGNING_KEY!,
            nextSigningKey: e.QSTASH_NEXT_SIGNING_KEY!,
            maxDelayMs: e.QSTASH_MAX_DELAY_SECONDS * 1000,
          }
        : undefined,
    assignNotifyDelaySeconds: e.ASSIGN_NOTIFY_DELAY_SECONDS,
    messageNotifyDelaySeconds: e.MESSAGE_NOTIFY_DELAY_SECONDS,
    morningHour: e.MORNING_HOUR,
    reminderHour: e.REMINDER_HOUR,
    sessionTtlMs: e.SESSION_TTL_DAYS * 86_400_000,
    signInLinkTtlMs: e.SIGN_IN_LINK_TTL_HOURS * 3_600_000,
    signInRateLimit: e.SIGN_IN_RATE_LIMIT,
    devClock: e.DEV_CLOCK,
    trustProxy: e.TRUST_PROXY,
    devRoutes,
    seed: e.SEED === undefined ? !production : truthy(e.SEED),
    firmSignup: e.FIRM_SIGNUP === undefined ? !production : e.FIRM_SIGNUP === 'open',
    demoExtraOrigins: e.DEMO_EXTRA_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    sessionCacheMs: e.SESSION_CACHE_SECONDS * 1000,
    timeouts: { headersMs: e.HEADERS_TIMEOUT_SECONDS * 1000, requestMs: e.REQUEST_TIMEOUT_SECONDS * 1000, keepAliveMs: e.KEEP_ALIVE_TIMEOUT_SECONDS * 1000 },
    // Outside production a fixed key is fine: nothing it signs is worth forging on a developer's machine.
    signingSecret: e.SIGNING_SECRET ?? 'portico-development-signing-secret-not-for-production',
    blobs:
      e.BLOB_STORE === 's3'
        ? { kind: 's3', endpoint: e.S3_ENDPOINT!.replace(/\/+$/, ''), bucket: e.S3_BUCKET!, region: e.S3_REGION, accessKeyId: e.S3_ACCESS_KEY_ID!, secretAccessKey: e.S3_SECRET_ACCESS_KEY! }
        : { kind: 'disk', dir: e.BLOB_DIR ?? defaultBlobDir(e.DATABASE_URL) },
    inbound: e.INBOUND_DOMAIN ? { domain: e.INBOUND_DOMAIN, user: e.POSTMARK_INBOUND_USER!, password: e.POSTMARK_INBOUND_PASSWORD! } : undefined,
    postmarkWebhook: e.POSTMARK_WEBHOOK_USER ? { user: e.POSTMARK_WEBHOOK_USER, password: e.POSTMARK_WEBHOOK_PASSWORD! } : undefined,
  };
}

/** Beside an embedded database file (`file:./data/portico.db` -> `./data/blobs`); `./data/blobs` for a remote one. */
function defaultBlobDir(databaseUrl: string): string {
  const path = databaseUrl.startsWith('file:') ? databaseUrl.slice('file:'.length).split('?')[0]! : '';
  const slash = path.lastIndexOf('/');
  if (!path || path === ':memory:') return './data/blobs';
  return `${slash >= 0 ? path.slice(0, slash) : '.'}/blobs`;
}
