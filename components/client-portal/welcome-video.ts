import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { Locale, PortalProfile, PortalProfilePatch } from '../internal/api-types.ts';
import { PortalDialog } from './portal-dialog.ts';
import { adoptStyles, type PortalPart, type PortalPartHost } from './portal-part.ts';
import { dialogStyles } from './portal-parts.styles.ts';

/** The welcome video's words, beside it (a chunk of its own, fetched only when the firm has a video). */
const strings = {
  en: {
    heading: (firm: string) => `Welcome to ${firm}`,
    frameTitle: (firm: string) => `Welcome video from ${firm}`,
    openVideo: 'Watch the welcome video (opens in a new tab)',
    close: 'Close',
  },
  et: {
    heading: (firm: string) => `Tere tulemast – ${firm}`,
    frameTitle: (firm: string) => `${firm} tervitusvideo`,
    openVideo: 'Vaata tervitusvideot (avaneb uuel vahelehel)',
    close: 'Sulge',
  },
} satisfies Record<Locale, { heading(firm: string): string; frameTitle(firm: string): string; openVideo: string; close: string }>;

/** How a welcome video address is shown: an embed player, a video file, or only a link. */
export type VideoSource = { kind: 'embed' | 'file' | 'link'; src: string };

const YOUTUBE_ID = /^[\w-]{11}$/;

/**
 * Where to show the firm's video from, only from an `https:` address: a
 * YouTube or Vimeo page becomes its embed player (YouTube's no-cookie
 * domain), a direct video file plays in `<video>`, anything else is a link;
 * `null` for what is not https.
 */
export function videoSource(address: string): VideoSource | null {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  const host = url.hostname.replace(/^(www|m)\./, '');
  const path = url.pathname.split('/').filter(Boolean);
  let youtube: string | undefined;
  if (host === 'youtu.be') youtube = path[0];
  else if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
    youtube = path[0] === 'watch' ? (url.searchParams.get('v') ?? undefined) : ['embed', 'shorts', 'live', 'v'].includes(path[0] ?? '') ? path[1] : undefined;
  }
  if (youtube && YOUTUBE_ID.test(youtube)) return { kind: 'embed', src: `https://www.youtube-nocookie.com/embed/${youtube}` };
  const vimeo = host === 'vimeo.com' ? path.find((p) => /^\d+$/.test(p)) : host === 'player.vimeo.com' && path[0] === 'video' ? path[1] : undefined;
  if (vimeo && /^\d+$/.test(vimeo)) return { kind: 'embed', src: `https://player.vimeo.com/video/${vimeo}` };
  if (/\.(mp4|webm|ogv|ogg|mov|m4v)$/i.test(url.pathname)) return { kind: 'file', src: url.href };
  return { kind: 'link', src: url.href };
}

/**
 * The firm's welcome video, shown once to each contact: after sign-in, when
 * the firm set one (`welcomeVideoUrl`) and the profile says it was not shown
 * yet (`welcomeSeen`), in a modal dialog with a Close button (Escape closes
 * it too; focus goes back where it was). The first showing is recorded
 * (`PATCH /portal/profile { welcomeSeen: true }`), so it never shows again.
 * A module of its own, fetched only when the firm has a video.
 */
export class WelcomeVideo implements ReactiveController {
  readonly #options: PortalPart;
  readonly #source: VideoSource | null;
  readonly #dialog: PortalDialog;
  #resolve!: () => void;
  /** Resolves when the video is closed, or was not to be shown. */
  readonly closed = new Promise<void>((resolve) => (this.#resolve = resolve));

  constructor(host: PortalPartHost, options: PortalPart, address: string) {
    this.#options = options;
    this.#source = videoSource(address);
    this.#dialog = new PortalDialog(host, 'welcome-video', () => this.#resolve());
    adoptStyles(host, dialogStyles);
    host.addController(this);
    void this.#start();
  }

  hostConnected(): void {}

  async #start(): Promise<void> {
    const api = this.#options.api();
    try {
      if (!this.#source || (await api.get<PortalProfile>('/portal/profile')).welcomeSeen) return this.#resolve();
    } catch (err) {
      this.#options.unauthorized(err);
      return this.#resolve();
    }
    if (api !== this.#options.api()) return this.#resolve();
    await this.#dialog.show();
    const seen: PortalProfilePatch = { welcomeSeen: true };
    // Once shown, never again: best effort (a failure shows it at the next sign-in).
    api.request('PATCH', '/portal/profile', seen).catch((err: unknown) => this.#options.unauthorized(err));
  }

  #renderVideo(source: VideoSource, title: string, linkText: string): TemplateResult {
    if (source.kind === 'embed') {
      return html`<iframe class="video" src=${source.src} title=${title} allow="autoplay; encrypted-media; fullscreen; picture-in-picture"
        allowfullscreen referrerpolicy="strict-origin-when-cross-origin"></iframe>`;
    }
    if (source.kind === 'file') return html`<video class="video" src=${source.src} controls preload="metadata" aria-label=${title}></video>`;
    return html`<p><a href=${source.src} target="_blank" rel="noopener noreferrer">${linkText}</a></p>`;
  }

  render(): TemplateResult | typeof nothing {
    const source = this.#source;
    if (!source || !this.#dialog.open) return nothing;
    const s = strings[this.#options.locale()];
    const firm = this.#options.session()?.firm.name ?? '';
    return this.#dialog.render(s.heading(firm), this.#renderVideo(source, s.frameTitle(firm), s.openVideo), s.close);
  }
}
