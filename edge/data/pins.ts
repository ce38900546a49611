import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { contactDevices, contacts } from '../../db/schema.ts';
import { hashSecret } from '../lib/secrets.ts';
import { recordContactHistory } from './contact-history.ts';
import { sign, verify } from '../lib/signing.ts';

/** Wrong PINs in a row before the PIN locks (until a sign-in link made after the lock is used). */
export const MAX_PIN_FAILURES = 5;

/** Keyed with SIGNING_SECRET: ten thousand PINs are no secret to a plain hash of a stolen database. */
export const pinHashOf = (signingSecret: string, contactId: string, pin: string) => sign(signingSecret, ['pin', contactId, pin]);

export interface PinState {
  pinHash: string | null;
  pinFailures: number;
  pinLockedAt: number | null;
}

export async function pinStateOf(db: Db, firmId: string, contactId: string): Promise<PinState | null> {
  const [row] = await db
    .select({ pinHash: contacts.pinHash, pinFailures: contacts.pinFailures, pinLockedAt: contacts.pinLockedAt })
    .from(contacts)
    .where(and(eq(contacts.firmId, firmId), eq(contacts.id, contactId)));
  return row ?? null;
}

/** Whether this browser passed the contact's PIN before (the element keeps a random device token; only its hash is here). */
export async function isKnownDevice(db: Db, firmId: string, contactId: string, device: string | undefined): Promise<boolean> {
  if (!device) return false;
  const [row] = await db
    .select({ id: contactDevices.id })
    .from(contactDevices)
    .where(and(eq(contactDevices.deviceHash, hashSecret(device)), eq(contactDevices.firmId, firmId), eq(contactDevices.contactId, contactId)));
  return Boolean(row);
}

export async function rememberDevice(db: Db, firmId: string, contactId: string, device: string, now: number): Promise<void> {
  await db
    .insert(contactDevices)
    .values({ id: newId('dev'), firmId, contactId, deviceHash: hashSecret(device), createdAt: now, lastUsedAt: now })
    .onConflictDoUpdate({ target: [contactDevices.contactId, contactDevices.deviceHash], set: { lastUsedAt: now } });
}

export type PinCheck = 'ok' | 'wrong' | 'locked';

/**
 * Checks a PIN typed on a new device. A wrong one counts in one conditional
 * update (two racing tries both count); the fifth in a row locks it. A right
 * one resets the count.
 */
export async function checkPin(db: Db, input: { firmId: string; contactId: string; pin: string; signingSecret: string; now: number }): Promise<PinCheck> {
  const { firmId, contactId, now } = input;
  const state = await pinStateOf(db, firmId, contactId);
  if (!state?.pinHash) return 'ok';
  if (state.pinLockedAt !== null) return 'locked';
  const mine = and(eq(contacts.firmId, firmId), eq(contacts.id, contactId));
  if (await verify(input.signingSecret, ['pin', contactId, input.pin], state.pinHash)) {
    // Only while still unlocked: tries racing this one may have locked it meanwhile.
    const [open] = await db.update(contacts).set({ pinFailures: 0 }).where(and(mine, isNull(contacts.pinLockedAt))).returning({ id: contacts.id });
    return open ? 'ok' : 'locked';
  }
  const [counted] = await db
    .update(contacts)
    .set({
      pinFailures: sql`${contacts.pinFailures} + 1`,
      pinLockedAt: sql`case when ${contacts.pinFailures} + 1 >= ${MAX_PIN_FAILURES} then ${now} else ${contacts.pinLockedAt} end`,
    })
    .where(mine)
    .returning({ lockedAt: contacts.pinLockedAt });
  return counted?.lockedAt != null ? 'locked' : 'wrong';
}

/** A sign-in link made after the lock was set has proved the address again: the PIN gets its tries back. */
export async function unlockPin(db: Db, firmId: string, contactId: string): Promise<void> {
  await db.update(contacts).set({ pinFailures: 0, pinLockedAt: null }).where(and(eq(contacts.firmId, firmId), eq(contacts.id, contactId)));
}

/** Sets (or, with null, removes) the contact's PIN; the tries and any lock start over. */
export async function setPin(db: Db, input: { firmId: string; contactId: string; pin: string | null; signingSecret: string; now: number }): Promise<void> {
  const pinHash = input.pin === null ? null : await pinHashOf(input.signingSecret, input.contactId, input.pin);
  await db.batch([
    db.update(contacts).set({ pinHash, pinFailures: 0, pinLockedAt: null }).where(and(eq(contacts.firmId, input.firmId), eq(contacts.id, input.contactId))),
    recordContactHistory(db, {
      firmId: input.firmId,
      contactId: input.contactId,
      actor: { type: 'contact', id: input.contactId },
      action: 'contact.pin_set',
      data: input.pin === null ? { removed: true } : null,
      at: input.now,
    }),
  ]);
}
