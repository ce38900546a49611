import { html, nothing, type TemplateResult } from 'lit';
import { ApiError } from '../internal/api-client.ts';
import type { Member, MemberRole } from '../internal/api-types.ts';
import { fieldError, issuesByPath } from './console-labels.ts';
import type { ConsoleViewHost } from './console-view-host.ts';
import type { FirmMembers } from './firm-members.ts';
import { renderConfirmQuestion } from './confirm-question.ts';

/** `POST /firm/members` -> 201. */
interface Invited {
  id: string;
  email: string;
  name: string;
  role: MemberRole;
}

/** Invitations make admins or members: a firm has one owner, who signed it up. */
const INVITE_ROLES = ['member', 'admin'] as const;

/**
 * The Team screen: the firm's members by name with their role and when they
 * last signed in (or that an invitation waits), from the same list the
 * "responsible" pickers use (`firm-members.ts`). The owner and admins invite
 * a member (name, email, role; `POST /firm/members`, which emails them a
 * console sign-in link), change a role (`PATCH /firm/members/:id`) and remove
 * a member after a confirmation (`DELETE`); a member sees the team read-only.
 */
export class TeamView {
  readonly #host: ConsoleViewHost;
  readonly #members: FirmMembers;
  #issues = new Map<string, string>();
  #busy = false;
  #confirmingRemove: string | null = null;

  constructor(host: ConsoleViewHost, members: FirmMembers) {
    this.#host = host;
    this.#members = members;
  }

  open(): void {
    this.#issues = new Map();
    this.#confirmingRemove = null;
    void this.#members.reload();
    this.#host.requestUpdate();
  }

  async #focus(selector: string): Promise<void> {
    await this.#host.updateComplete;
    this.#host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  async #invite(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const host = this.#host;
    const t = host.strings;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const email = String(data.get('email') ?? '').trim();
    const role = String(data.get('role') ?? 'member');
    const issues = new Map<string, string>();
    if (!name) issues.set('name', t.signUpRequired);
    if (!email) issues.set('email', t.signUpRequired);
    else if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) issues.set('email', t.signUpEmailInvalid);
    this.#issues = issues;
    if (issues.size) {
      host.requestUpdate();
      void this.#focus('.invite-form [aria-invalid="true"]');
      return;
    }
    this.#busy = true;
    host.showError('');
    host.requestUpdate();
    try {
      const invited = await host.apiClient.post<Invited>('/firm/members', { name, email, role });
      form.reset();
      host.announce(t.memberInvited(invited.name, invited.email));
      await this.#members.reload();
      void this.#focus(`[data-member="${invited.id}"]`);
    } catch (err) {
      this.#issues = issuesByPath(err);
      if (err instanceof ApiError && err.code === 'member_exists') this.#issues.set('email', t.memberExists);
      const message = host.failure(err);
      if (message !== null && this.#issues.size === 0) host.showError(message);
      host.requestUpdate();
      void this.#focus('.invite-form [aria-invalid="true"]');
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  async #changeRole(member: Member, role: MemberRole): Promise<void> {
    const host = this.#host;
    const t = host.strings;
    if (role === member.role) return;
    this.#busy = true;
    host.showError('');
    host.requestUpdate();
    try {
      await host.apiClient.request('PATCH', `/firm/members/${encodeURIComponent(member.id)}`, { role });
      member.role = role;
      host.announce(t.roleSaved(member.name, t.roleName(role)));
    } catch (err) {
      const message = host.failure(err);
      if (message !== null) host.showError(message);
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  async #remove(member: Member): Promise<void> {
    const host = this.#host;
    this.#busy = true;
    host.showError('');
    host.requestUpdate();
    try {
      await host.apiClient.delete(`/firm/members/${encodeURIComponent(member.id)}`);
      this.#confirmingRemove = null;
      this.#members.items = this.#members.items.filter((m) => m.id !== member.id);
      host.announce(host.strings.memberRemoved(member.name));
      void this.#focus('[data-heading]');
    } catch (err) {
      const message = host.failure(err);
      if (message !== null) host.showError(message);
    } finally {
      this.#busy = false;
      host.requestUpdate();
    }
  }

  #renderInvite(): TemplateResult {
    const t = this.#host.strings;
    const issues = this.#issues;
    const invalid = (path: string) => (issues.has(path) ? 'true' : 'false');
    return html`<form class="card invite-form" novalidate aria-labelledby="invite-title" @submit=${(e: SubmitEvent) => this.#invite(e)}>
      <h3 id="invite-title">${t.inviteMemberTitle}</h3>
      <label for="invite-name">${t.inviteNameLabel}</label>
      <input id="invite-name" name="name" autocomplete="off" maxlength="120" required aria-invalid=${invalid('name')} aria-describedby="invite-name-error" />
      ${fieldError(issues, 'name', 'invite-name-error')}
      <label for="invite-email">${t.inviteEmailLabel}</label>
      <input id="invite-email" name="email" type="email" autocomplete="off" spellcheck="false" required aria-invalid=${invalid('email')} aria-describedby="invite-email-error" />
      ${fieldError(issues, 'email', 'invite-email-error')}
      <label for="invite-role">${t.inviteRoleLabel}</label>
      <select id="invite-role" name="role" aria-invalid=${invalid('role')} aria-describedby="invite-role-error">
        ${INVITE_ROLES.map((role) => html`<option value=${role}>${t.roleName(role)}</option>`)}
      </select>
      ${fieldError(issues, 'role', 'invite-role-error')}
      <div class="row"><button type="submit" class="button" ?disabled=${this.#busy}>${t.inviteSubmit}</button></div>
    </form>`;
  }

  #renderMember(member: Member): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const me = member.id === host.memberId;
    const nameId = `member-${member.id}`;
    const seen = member.lastSignInAt
      ? t.memberLastSignIn(host.formatTime(member.lastSignInAt))
      : member.invitedAt
        ? t.memberInvitedNotYet(host.formatTime(member.invitedAt))
        : t.memberNeverSignedIn;
    const manage = host.isAdmin && member.role !== 'owner';
    const confirming = this.#confirmingRemove === member.id;
    return html`<li data-member=${member.id} tabindex="-1" aria-labelledby=${nameId} class="member-item">
      <div class="row"><strong class="item-title" id=${nameId}>${member.name}${me ? html` <span class="muted">(${t.you})</span>` : nothing}</strong>
        <span class="badge">${t.roleName(member.role)}</span></div>
      <p class="meta">${member.email} · ${seen}</p>
      ${manage
        ? confirming
          ? renderConfirmQuestion({
              questionId: 'member-remove-question',
              confirmId: 'member-remove-confirm',
              question: t.removeMemberQuestion(member.name),
              confirm: t.removeMemberConfirm,
              cancel: t.cancel,
              busy: this.#busy,
              onConfirm: () => void this.#remove(member),
              onCancel: () => {
                this.#confirmingRemove = null;
                host.requestUpdate();
                void this.#focus(`#member-remove-${member.id}`);
              },
            })
          : html`<form class="row member-role" @submit=${(e: SubmitEvent) => {
              e.preventDefault();
              const role = (e.currentTarget as HTMLFormElement).querySelector('select')!.value as MemberRole;
              void this.#changeRole(member, role);
            }}>
              <label class="sr-only" for="role-${member.id}">${t.roleFor(member.name)}</label>
              <select id="role-${member.id}" name="role">
                ${INVITE_ROLES.map((role) => html`<option value=${role} ?selected=${member.role === role}>${t.roleName(role)}</option>`)}
              </select>
              <button type="submit" class="button secondary" ?disabled=${this.#busy}>${t.saveRole}<span class="sr-only">: ${member.name}</span></button>
              ${me
                ? nothing
                : html`<button id="member-remove-${member.id}" type="button" class="button secondary" ?disabled=${this.#busy} @click=${() => {
                    this.#confirmingRemove = member.id;
                    host.requestUpdate();
                    void this.#focus('#member-remove-confirm');
                  }}>${t.removeMember}<span class="sr-only">: ${member.name}</span></button>`}
            </form>`
        : nothing}
    </li>`;
  }

  render(): TemplateResult {
    const host = this.#host;
    const t = host.strings;
    const members = this.#members;
    return html`
      <h2 tabindex="-1" data-heading id="team-title">${t.teamTitle}</h2>
      <p class="muted">${t.teamIntro}</p>
      ${host.isAdmin ? this.#renderInvite() : html`<p class="muted">${t.teamReadOnly}</p>`}
      ${members.error
        ? html`<p class="alert" role="alert">${members.error}</p>
            <button type="button" class="button secondary" @click=${() => void members.reload()}>${t.retry}</button>`
        : nothing}
      ${!members.loaded ? html`<p class="muted">${t.teamLoading}</p>` : nothing}
      ${members.loaded && !members.error && members.items.length === 0 ? html`<p class="muted">${t.teamEmpty}</p>` : nothing}
      ${members.items.length ? html`<ul class="plain rows" aria-labelledby="team-title">${members.items.map((m) => this.#renderMember(m))}</ul>` : nothing}
    `;
  }
}
