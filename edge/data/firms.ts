import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clientContacts, clients, contacts, firmSlugRedirects, firms, members, type Branding } from '../../db/schema.ts';
import type { StaffCaller } from '../domain/caller.ts';
import { recordActivity } from './activity.ts';
import { asBatch } from './firm-tasks.ts';
import { clientOpenTo } from './visibility.ts';

export type Firm = typeof firms.$inferSelect;

/** The firm at this address, or that had it before (a changed address keeps working: old embeds and sign-in pages). */
export async function findFirmBySlug(db: Db, slug: string): Promise<Firm | null> {
  const [firm] = await db.select().from(firms).where(eq(firms.slug, slug));
  if (firm) return firm;
  const [former] = await db
    .select({ firm: firms })
    .from(firmSlugRedirects)
    .innerJoin(firms, eq(firms.id, firmSlugRedirects.firmId))
    .where(eq(firmSlugRedirects.slug, slug));
  return former?.firm ?? null;
}

/** Whether another firm has this address, now or as a former one (a firm may take back its own former address). */
export async function slugTakenByOther(db: Db, firmId: string, slug: string): Promise<boolean> {
  const [current] = await db.select({ id: firms.id }).from(firms).where(and(eq(firms.slug, slug), ne(firms.id, firmId)));
  const [former] = await db.select({ id: firmSlugRedirects.firmId }).from(firmSlugRedirects).where(and(eq(firmSlugRedirects.slug, slug), ne(firmSlugRedirects.firmId, firmId)));
  return Boolean(current || former);
}

export async function getFirm(db: Db, firmId: string): Promise<Firm | null> {
  const [firm] = await db.select().from(firms).where(eq(firms.id, firmId));
  return firm ?? null;
}

/** What anyone may know of a firm: enough to brand its sign-in page, and whether its portal shows "Work in progress". */
export function publicFirm(firm: Firm, publicUrl: string) {
  return {
    slug: firm.slug,
    name: firm.name,
    locale: firm.locale as 'en' | 'et',
    branding: brandingOf(firm, publicUrl),
    showWorkList: firm.showWorkList,
    /** False while the firm has not opened its portal: clients cannot sign in yet. */
    portalActive: firm.portalActive,
    description: firm.description,
    welcomeVideoUrl: firm.welcomeVideoUrl,
  };
}

/**
 * The firm's branding with its uploaded logo and icon, when it has them, as
 * public addresses on PUBLIC_URL versioned by their blob key (a new upload is
 * a new address, so the images can be cached for long).
 */
export function brandingOf(firm: Firm, publicUrl: string): Branding {
  const url = (which: 'logo' | 'icon', key: string) => `${publicUrl}/api/v1/public/firms/${encodeURIComponent(firm.slug)}/${which}?v=${key.slice(-10)}`;
  return {
    ...firm.branding,
    ...(firm.logoKey ? { logoUrl: url('logo', firm.logoKey) } : {}),
    ...(firm.iconKey ? { iconUrl: url('icon', firm.iconKey) } : {}),
  };
}

/** A member who may sign in (a removed one is kept for the history, not found here). */
export async function findMemberByEmail(db: Db, firmId: string, email: string) {
  const [row] = await db.select().from(members).where(and(eq(members.firmId, firmId), eq(members.email, email), isNull(members.removedAt)));
  return row ?? null;
}

export async function findContactByEmail(db: Db, firmId: string, email: string) {
  const [row] = await db.select().from(contacts).where(and(eq(contacts.firmId, firmId), eq(contacts.email, email)));
  return row ?? null;
}

/** The person behind a session or sign-in token, scoped to its firm. */
export async function findPerson(db: Db, firmId: string, audience: 'client' | 'staff', id: string) {
  const table = audience === 'client' ? contacts : members;
  const [row] = await db
    .select({ id: table.id, email: table.email, name: table.name })
    .from(table)
    .where(and(eq(table.firmId, firmId), eq(table.id, id)));
  return row ?? null;
}

/** The companies a contact may open in the portal (the visibility rule), by name, each with its "Documents" folder link (null: none). */
export async function portalClientsOf(db: Db, firmId: string, contactId: string) {
  return db
    .select({ id: clients.id, name: clients.name, documentsUrl: clients.documentFolderUrl })
    .from(clients)
    .where(and(eq(clients.firmId, firmId), clientOpenTo({ firmId, contactId }, clients.id)))
    .orderBy(clients.name);
}

/** Each firm with the origins it allows to embed its widgets (for CORS). */
export async function embeddingOriginsOfFirms(db: Db): Promise<{ id: string; slug: string; origins: string[] }[]> {
  return db.select({ id: firms.id, slug: firms.slug, origins: firms.allowedOrigins }).from(firms);
}

export type SettingsChange = Partial<
  Pick<
    Firm,
    | 'slug'
    | 'name'
    | 'timezone'
    | 'locale'
    | 'portalUrl'
    | 'allowedOrigins'
    | 'branding'
    | 'showWorkList'
    | 'doneUploadingEnabled'
    | 'digitisationEnabled'
    | 'portalRequestsEnabled'
    | 'identityCreatesContacts'
    | 'portalActive'
    | 'description'
    | 'welcomeVideoUrl'
    | 'announcementsEnabled'
    | 'sampleTemplateId'
  >
>;

/**
 * Changes the caller's firm's settings and keeps a history entry naming what
 * changed, in one batch. A new address keeps the old one as a redirect (and
 * takes back one of the firm's own former addresses); answers 'slug_taken'
 * when another firm got the address first (the unique indexes decide a race).
 */
export async function updateFirmSettings(db: Db, caller: StaffCaller, change: SettingsChange, now: number): Promise<'done' | 'slug_taken'> {
  const firm = await getFirm(db, caller.firmId);
  if (!firm) return 'done';
  const moves = change.slug !== undefined && change.slug !== firm.slug;
  if (moves && (await slugTakenByOther(db, caller.firmId, change.slug!))) return 'slug_taken';
  try {
    await db.batch(asBatch([
      ...(moves
        ? [
            db.delete(firmSlugRedirects).where(and(eq(firmSlugRedirects.slug, change.slug!), eq(firmSlugRedirects.firmId, caller.firmId))),
            db.insert(firmSlugRedirects).values({ slug: firm.slug, firmId: caller.firmId, createdAt: now }),
          ]
        : []),
      db
        .update(firms)
        .set({ ...change, ...(change.allowedOrigins ? { allowedOrigins: [...new Set(change.allowedOrigins)] } : {}) })
        .where(eq(firms.id, caller.firmId)),
      ...settingsHistory(db, caller, change, moves ? { from: firm.slug, to: change.slug! } : null, now),
    ]));
  } catch (error) {
    if (moves && /UNIQUE constraint failed/.test(String((error as { cause?: unknown }).cause ?? error))) return 'slug_taken';
    throw error;
  }
  return 'done';
}

/**
 * The firm's history entries for a settings change: `firm.slug_changed { from, to }`
 * for a new address, `firm.branding_changed { fields }` for branding, and
 * `firm.settings_changed { fields }` for the rest.
 */
function settingsHistory(db: Db, caller: StaffCaller, change: SettingsChange, move: { from: string; to: string } | null, at: number) {
  const entry = (action: string, data: Record<string, unknown>) => recordActivity(db, { firmId: caller.firmId, subjectId: caller.firmId, caller, action, data, at });
  const fields = Object.keys(change).filter((key) => key !== 'slug' && key !== 'branding');
  return [
    ...(move ? [entry('firm.slug_changed', move)] : []),
    ...(change.branding ? [entry('firm.branding_changed', { fields: Object.keys(change.branding) })] : []),
    ...(fields.length > 0 ? [entry('firm.settings_changed', { fields })] : []),
  ];
}

/** Whether the contact belongs to the client (access on or off). */
export async function isContactOfClient(db: Db, firmId: string, clientId: string, contactId: string): Promise<boolean> {
  const [link] = await db
    .select({ contactId: clientContacts.contactId })
    .from(clientContacts)
    .where(and(eq(clientContacts.firmId, firmId), eq(clientContacts.clientId, clientId), eq(clientContacts.contactId, contactId)));
  return Boolean(link);
}
