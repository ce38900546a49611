import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { findUsableSignInToken } from '../data/sessions.ts';
import { firmCommand, UsageError } from './firm.ts';

let dir: string;
let env: Record<string, string>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'portico-firm-'));
  env = { DATABASE_URL: `file:${join(dir, 'p.db')}`, PUBLIC_URL: 'https://portal.example' };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run firm -- create', () => {
  it('makes the firm, its owner, and prints a console sign-in link that works', async () => {
    const out = await firmCommand(['create', '--name', 'Õun & Pärn OÜ', '--owner', 'Kadri@Oun.example', '--owner-name', 'Kadri Õun', '--timezone', 'Europe/Tallinn'], env);
    expect(out).toContain('https://portal.example/p/oun-parn-ou');
    const token = /\/console#login=([A-Za-z0-9_-]+)$/m.exec(out)![1]!;
    const db = await createDb(env.DATABASE_URL!);
    try {
      const firm = (await db.$client.execute("select * from firms where slug = 'oun-parn-ou'")).rows[0]!;
      expect(firm).toMatchObject({ name: 'Õun & Pärn OÜ', timezone: 'Europe/Tallinn', portal_active: 0 });
      const owner = (await db.$client.execute('select * from members')).rows[0]!;
      expect(owner).toMatchObject({ email: 'kadri@oun.example', name: 'Kadri Õun', role: 'owner', firm_id: firm.id });
      const link = await findUsableSignInToken(db, token, Date.now());
      expect(link).toMatchObject({ audience: 'staff', subjectId: owner.id });
    } finally {
      db.$client.close();
    }
  });

  it.each([
    ['no command', ['--name', 'X', '--owner', 'a@x.example'], /Usage/],
    ['no name', ['create', '--owner', 'a@x.example'], /--name/],
    ['a bad email', ['create', '--name', 'X', '--owner', 'nope'], /--owner/],
    ['a reserved address', ['create', '--name', 'X', '--owner', 'a@x.example', '--slug', 'api'], /--slug/],
    ['a bad timezone', ['create', '--name', 'X', '--owner', 'a@x.example', '--timezone', 'Mars/Base'], /--timezone/],
  ])('refuses %s with a usage error, making no database', async (_what, argv, message) => {
    await expect(firmCommand(argv, env)).rejects.toThrow(UsageError);
    await expect(firmCommand(argv, env)).rejects.toThrow(message);
  });

  it('refuses an address another firm has, writing no second firm', async () => {
    await firmCommand(['create', '--name', 'First', '--owner', 'a@x.example', '--slug', 'same'], env);
    await expect(firmCommand(['create', '--name', 'Second', '--owner', 'b@x.example', '--slug', 'same'], env)).rejects.toThrow(/another firm/);
    const db = await createDb(env.DATABASE_URL!);
    expect(Number((await db.$client.execute('select count(*) as n from firms')).rows[0]!.n)).toBe(1);
    db.$client.close();
  });

  it('runs as `npm run firm`, exiting 2 on bad usage', async () => {
    const run = promisify(execFile);
    const { stdout } = await run('npm', ['run', '--silent', 'firm', '--', 'create', '--name', 'Cli Firm', '--owner', 'o@cli.example'], { env: { ...process.env, ...env } });
    expect(stdout).toMatch(/\/p\/cli-firm/);
    await expect(run('npm', ['run', '--silent', 'firm', '--', 'create'], { env: { ...process.env, ...env } })).rejects.toMatchObject({ code: 2 });
  }, 60_000);
});
