/** Who is calling, from a verified session or API key. The firm comes only from here. */
export type Caller =
  | {
      kind: 'contact';
      firmId: string;
      contactId: string;
      sessionId: string;
      /** The companies the contact may open: linked with portal access, portal open (as of the session lookup). */
      clientIds: readonly string[];
      /** The firm's timezone, in which due dates are read. */
      timezone: string;
      /** A staff preview of the portal as this contact: the member's id. Read-only; marks nothing read. */
      previewBy?: string | null;
    }
  | { kind: 'member'; firmId: string; memberId: string; role: 'owner' | 'admin' | 'member'; sessionId: string; timezone: string }
  | { kind: 'apikey'; firmId: string; keyId: string; timezone: string };

export type ContactCaller = Extract<Caller, { kind: 'contact' }>;
export type StaffCaller = Exclude<Caller, { kind: 'contact' }>;

/** The owner and admins manage the firm's settings and API keys, signed in as themselves (never with an API key). */
export function isAdmin(caller: StaffCaller): boolean {
  return caller.kind === 'member' && caller.role !== 'member';
}
