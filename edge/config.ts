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
  MORNING_HOUR: v.pipe(int(9), v.maxValue(23)),
  SESSION_TTL_DAYS: int(30, 1),
  SIGN_IN_LINK_TTL_HOURS: int(24, 1),
  SIGN_IN_RATE_LIMIT: int(5, 1),
  DEV_CLOCK: flag,
  TRUST_PROXY: flag,
  DEV_ROUTES: v.optional(v.picklist(['0', '1', 'true', 'false'])),
  SEED: v.optional(v.picklist(['0', '1', 'true', 'false'])),
  DEMO_EXTRA_ORIGINS: v.optional(v.string(), ''),
  SESSION_CACHE_SECONDS: int(5),
  HEADERS_TIMEOUT_SECONDS: int(10, 1),
  REQUEST_TIMEOUT_SECONDS: int(120, 1),
  KEEP_ALIVE_TIMEOUT_SECONDS: int(5, 1),
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
  /** The hour (0-23, the firm's wall clock) at which dated work happens: recurring tasks' next occurrences, dated sending rules, repeating work. */
  morningHour: number;
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
  demoExtraOrigins: string[];
  /** How long one instance may trust a session it looked up (revocation lag). */
  sessionCacheMs: number;
  /**
   * How long a connection may take (Node): to send a request's headers, to
   * send the whole request, and to sit idle between requests.
   */
  timeouts: { headersMs: number; requestMs: number; keepAliveMs: number };
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
    morningHour: e.MORNING_HOUR,
    sessionTtlMs: e.SESSION_TTL_DAYS * 86_400_000,
    signInLinkTtlMs: e.SIGN_IN_LINK_TTL_HOURS * 3_600_000,
    signInRateLimit: e.SIGN_IN_RATE_LIMIT,
    devClock: e.DEV_CLOCK,
    trustProxy: e.TRUST_PROXY,
    devRoutes,
    seed: e.SEED === undefined ? !production : truthy(e.SEED),
    demoExtraOrigins: e.DEMO_EXTRA_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    sessionCacheMs: e.SESSION_CACHE_SECONDS * 1000,
    timeouts: { headersMs: e.HEADERS_TIMEOUT_SECONDS * 1000, requestMs: e.REQUEST_TIMEOUT_SECONDS * 1000, keepAliveMs: e.KEEP_ALIVE_TIMEOUT_SECONDS * 1000 },
  };
}
