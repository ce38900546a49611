import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('needs nothing for the embedded demo', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8787,
      publicUrl: 'http://localhost:8787',
      databaseUrl: 'file:./data/portico.db',
      mailer: 'dev',
      scheduler: 'local',
      assignNotifyDelaySeconds: 300,
      messageNotifyDelaySeconds: 120,
      morningHour: 9,
      devRoutes: true,
      devClock: false,
      seed: true,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9000', PUBLIC_URL: 'https://portal.firm.example/', DATABASE_URL: 'libsql://db.example', DATABASE_AUTH_TOKEN: 'tok',
      POSTMARK_SERVER_TOKEN: 'pm', MAIL_FROM: 'hi@firm.example', ASSIGN_NOTIFY_DELAY_SECONDS: '0', MESSAGE_NOTIFY_DELAY_SECONDS: '30', MORNING_HOUR: '7', DEV_CLOCK: '1',
      DEMO_EXTRA_ORIGINS: 'http://a.test, http://b.test', SEED: '0',
    });
    expect(config).toMatchObject({
      port: 9000, publicUrl: 'https://portal.firm.example', databaseUrl: 'libsql://db.example', databaseAuthToken: 'tok',
      mailer: 'postmark', postmarkToken: 'pm', mailFrom: 'hi@firm.example', assignNotifyDelaySeconds: 0, messageNotifyDelaySeconds: 30, morningHour: 7, devClock: true,
      devRoutes: false, demoExtraOrigins: ['http://a.test', 'http://b.test'], seed: false,
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '0' }, 'PORT'],
    [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL'],
    [{ ASSIGN_NOTIFY_DELAY_SECONDS: '-5' }, 'ASSIGN_NOTIFY_DELAY_SECONDS'],
    [{ MESSAGE_NOTIFY_DELAY_SECONDS: 'soon' }, 'MESSAGE_NOTIFY_DELAY_SECONDS'],
    [{ MORNING_HOUR: '24' }, 'MORNING_HOUR'],
    [{ MORNING_HOUR: '7.5' }, 'MORNING_HOUR'],
    [{ MAILER: 'smtp' }, 'MAILER'],
    [{ MAILER: 'postmark' }, 'POSTMARK_SERVER_TOKEN'],
    [{ DEV_CLOCK: 'yes' }, 'DEV_CLOCK'],
    [{ SCHEDULER: 'qstash', PUBLIC_URL: 'https://p.example', QSTASH_TOKEN: 't' }, 'QSTASH_CURRENT_SIGNING_KEY'],
    [{ SCHEDULER: 'qstash', QSTASH_TOKEN: 't', QSTASH_CURRENT_SIGNING_KEY: 'a', QSTASH_NEXT_SIGNING_KEY: 'b' }, 'PUBLIC_URL'],
    [{ SCHEDULER: 'cron' }, 'SCHEDULER'],
    [{ NODE_ENV: 'production', SIGNING_SECRET: 's'.repeat(32), DEV_CLOCK: '1' }, 'DEV_CLOCK'],
    [{ NODE_ENV: 'production', SIGNING_SECRET: 's'.repeat(32), DEV_ROUTES: '1' }, 'DEV_ROUTES'],
    [{ NODE_ENV: 'production' }, 'SIGNING_SECRET'],
    [{ NODE_ENV: 'production', SIGNING_SECRET: 'short' }, 'SIGNING_SECRET'],
    [{ BLOB_STORE: 'ftp' }, 'BLOB_STORE'],
    [{ BLOB_STORE: 's3', S3_ENDPOINT: 'https://s3.example', S3_BUCKET: 'b' }, 'S3_ACCESS_KEY_ID'],
    [{ INBOUND_DOMAIN: 'reply.example' }, 'POSTMARK_INBOUND_USER'],
    [{ POSTMARK_WEBHOOK_USER: 'u' }, 'POSTMARK_WEBHOOK_PASSWORD'],
    [{ POSTMARK_WEBHOOK_PASSWORD: 'p' }, 'POSTMARK_WEBHOOK_USER'],
  ])('refuses %j naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it('reads the QStash settings', () => {
    const config = loadConfig({
      SCHEDULER: 'qstash', PUBLIC_URL: 'https://p.example', QSTASH_TOKEN: 't', QSTASH_CURRENT_SIGNING_KEY: 'a', QSTASH_NEXT_SIGNING_KEY: 'b',
    });
    expect(config.qstash).toEqual({ token: 't', url: 'https://qstash.upstash.io', currentSigningKey: 'a', nextSigningKey: 'b', maxDelayMs: 604_800_000 });
    expect(loadConfig({}).qstash).toBeUndefined();
  });

  it('keeps the dev routes and the demo seed off in production', () => {
    expect(loadConfig({ NODE_ENV: 'production', SIGNING_SECRET: 's'.repeat(32) })).toMatchObject({ devRoutes: false, seed: false });
    expect(loadConfig({ NODE_ENV: 'production', SIGNING_SECRET: 's'.repeat(32), SEED: '1' }).seed).toBe(true);
  });

  it('takes firm sign-ups outside production, and in production only when told', () => {
    expect(loadConfig({}).firmSignup).toBe(true);
    expect(loadConfig({ FIRM_SIGNUP: 'closed' }).firmSignup).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', SIGNING_SECRET: 's'.repeat(32) }).firmSignup).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', SIGNING_SECRET: 's'.repeat(32), FIRM_SIGNUP: 'open' }).firmSignup).toBe(true);
    expect(() => loadConfig({ FIRM_SIGNUP: 'maybe' })).toThrow(/FIRM_SIGNUP/);
  });

  it('keeps blobs beside an embedded database unless told otherwise', () => {
    expect(loadConfig({}).blobs).toEqual({ kind: 'disk', dir: './data/blobs' });
    expect(loadConfig({ DATABASE_URL: 'file:/var/lib/portico/p.db' }).blobs).toEqual({ kind: 'disk', dir: '/var/lib/portico/blobs' });
    expect(loadConfig({ DATABASE_URL: 'libsql://x.turso.io' }).blobs).toEqual({ kind: 'disk', dir: './data/blobs' });
    expect(loadConfig({ BLOB_DIR: '/srv/blobs' }).blobs).toEqual({ kind: 'disk', dir: '/srv/blobs' });
    expect(loadConfig({ BLOB_STORE: 's3', S3_ENDPOINT: 'https://s3.example/', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' }).blobs).toEqual({
      kind: 's3', endpoint: 'https://s3.example', bucket: 'b', region: 'auto', accessKeyId: 'k', secretAccessKey: 's',
    });
  });
});

describe('server timeouts', () => {
  it('default to 10 s for headers, 120 s for a whole request, 5 s idle between requests', () => {
    expect(loadConfig({}).timeouts).toEqual({ headersMs: 10_000, requestMs: 120_000, keepAliveMs: 5_000 });
    expect(loadConfig({ HEADERS_TIMEOUT_SECONDS: '3', REQUEST_TIMEOUT_SECONDS: '30', KEEP_ALIVE_TIMEOUT_SECONDS: '2' }).timeouts).toEqual({ headersMs: 3_000, requestMs: 30_000, keepAliveMs: 2_000 });
  });

  it.each([[{ HEADERS_TIMEOUT_SECONDS: '0' }], [{ REQUEST_TIMEOUT_SECONDS: 'soon' }], [{ HEADERS_TIMEOUT_SECONDS: '60', REQUEST_TIMEOUT_SECONDS: '30' }]])('refuse %j', (env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
  });
});
