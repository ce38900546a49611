import { html, nothing, type TemplateResult } from 'lit';
import type { FirmActivityEntry, MemberRole } from '../internal/api-types.ts';
import { renderMore } from './console-labels.ts';
import type { ConsoleStrings } from './console-strings.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import type { FirmMembers } from './firm-members.ts';
import { PagedList } from './paged-list.ts';

/** The kinds the filter offers (`?action=`), each worded by `activityKind`. */
export const ACTIVITY_KINDS = [
  'firm.settings_changed',
  'firm.slug_changed',
  'firm.branding_changed',
  'firm.logo_changed',
  'firm.icon_changed',
  'firm.embed_secret_made',
  'firm.member_invited',
  'firm.member_role_changed',
  'firm.member_removed',
  'firm.member_changed',
  'firm.api_key_created',
  'firm.api_key_revoked',
  'firm.announcement_created',
  'firm.announcement_published',
  'firm.announcement_unpublished',
  'firm.announcement_changed',
  'firm.announcement_deleted',
] as const;

const ROLES: ReadonlySet<string> = new Set(['owner', 'admin', 'member']);

/**
 * The action as worded, and the detail of its sentence. Earlier servers wrote
 * a few actions under shorter names (`firm.settings`, `firm.member_changed`,
 * `firm.embed_secret`, `firm.announcement`): they read as their newer kind.
 */
function describe(entry: FirmActivityEntry, t: ConsoleStrings, memberName: (id: string) => string): { kind: string; detail: string } {
  const data = entry.data ?? {};
  const text = (key: string): string => (typeof data[key] === 'string' ? (data[key] as string) : '');
  const list = (key: string): string => (Array.isArray(data[key]) ? (data[key] as string[]).join(', ') : '');
  const person = (): string => {
    const name = text('name') || text('memberName') || text('email') || (text('memberId') && memberName(text('memberId')));
    const role = text('role');
    return name && ROLES.has(role) ? t.asRole(name, t.roleName(role as MemberRole)) : name;
  };
  let kind = entry.action;
  if (kind === 'firm.settings') {
    const slug = data.slug;
    kind = Array.isArray(slug) && slug.length === 2 ? 'firm.slug_changed' : 'firm.settings_changed';
  } else if (kind === 'firm.member_changed') kind = text('role') ? 'firm.member_role_changed' : 'firm.member_changed';
  else if (kind === 'firm.embed_secret') kind = 'firm.embed_secret_made';
  else if (kind === 'firm.announcement') kind = data.deleted ? 'firm.announcement_deleted' : data.created ? (data.published ? 'firm.announcement_published' : 'firm.announcement_created') : 'firm.announcement_changed';
  else if ((kind === 'firm.logo_changed' || kind === 'firm.icon_changed') && data.removed === true) kind = kind.replace('_changed', '_removed');
  switch (kind) {
    case 'firm.settings_changed':
    case 'firm.branding_changed':
      return { kind, detail: list('fields') || list('changed') };
    case 'firm.slug_changed': {
      const slug = Array.isArray(data.slug) ? (data.slug as string[]) : [text('from'), text('to')];
      return { kind, detail: slug[0] && slug[1] ? t.slugFromTo(slug[0], slug[1]) : '' };
    }
    case 'firm.member_invited':
    case 'firm.member_role_changed':
    case 'firm.member_removed':
    case 'firm.member_changed':
      return { kind, detail: person() };
    case 'firm.api_key_created':
    case 'firm.api_key_revoked':
      return { kind, detail: text('name') || text('label') };
    default:
      return { kind, detail: kind.startsWith('firm.announcement') ? text('title') : '' };
  }
}

/** Who did it, in words. */
const actorName = (entry: FirmActivityEntry, t: ConsoleStrings): string =>
  entry.actor.name ?? (entry.actor.type === 'apikey' ? t.actorApiKey : entry.actor.type === 'system' ? t.actorSystem : t.actorUnknown);

/** One entry as a sentence: who did what (unknown actions generically). */
export const activitySentence = (entry: FirmActivityEntry, t: ConsoleStrings, memberName: (id: string) => string = () => ''): string => {
  const { kind, detail } = describe(entry, t, memberName);
  return t.activitySentence(kind, actorName(entry, t), detail);
};

/**
 * The owner's and admins' Activity screen (`GET /firm/activity?action&cursor`):
 * what changed in the firm's settings, branding, team, API keys and
 * announcements, newest first, a page at a time, each as a sentence (who,
 * what, when), filtered by kind.
 */
export class ActivityView {
  readonly #host: ConsoleViewHost;
  readonly #list: PagedList<FirmActivityEntry>;
  /** The team, to name a member an entry speaks of by id (one removed since is "a member"). */
  readonly #members: FirmMembers;
  #kind = '';

  constructor(host: ConsoleViewHost, members: FirmMembers) {
    this.#host = host;
    this.#members = members;
    this.#list = new PagedList<FirmActivityEntry>(host, '/firm/activity');
  }

  open(): void {
    this.#kind = '';
    void this.#members.load();
    void this.#load();
  }

  reload(): void {
    void this.#list.reload();
  }

  async #load(): Promise<void> {
    await this.#list.load({ action: this.#kind, limit: '50' });
    if (this.#list.loaded) this.#host.announce(this.#host.strings.activityShown(this.#list.items.length));
  }

  render(): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const list = this.#list;
    return html`
      <h2 tabindex="-1" data-heading id="activity-title">${t.activityTitle}</h2>
      <p class="muted">${t.activityIntro}</p>
      <div class="filters">
        <div class="field">
          <label for="activity-kind">${t.activityKindLabel}</label>
          <select id="activity-kind" @change=${(e: Event) => {
            this.#kind = (e.currentTarget as HTMLSelectElement).value;
            void this.#load();
          }}>
            <option value="" ?selected=${!this.#kind}>${t.activityKindAll}</option>
            ${ACTIVITY_KINDS.map((kind) => html`<option value=${kind} ?selected=${this.#kind === kind}>${t.activityKind(kind)}</option>`)}
          </select>
        </div>
      </div>
      ${list.loaded && list.items.length === 0 ? html`<p class="muted">${t.activityEmpty}</p>` : nothing}
      ${list.items.length
        ? html`<ul class="plain rows activity-list" aria-labelledby="activity-title">
            ${list.items.map(
              (entry) => html`<li data-activity=${entry.id}>
                <span class="activity-sentence">${activitySentence(entry, t, (id) => this.#members.items.find((m) => m.id === id)?.name ?? '')}</span>
                <span class="meta"><time datetime=${new Date(entry.at).toISOString()}>${host.formatTime(entry.at)}</time></span>
              </li>`,
            )}
          </ul>`
        : nothing}
      ${renderMore(list as PagedList<unknown>, t, () => void list.reload(), () => void list.more())}
    `;
  }
}
