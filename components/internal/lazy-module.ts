import type { ReactiveControllerHost } from 'lit';

/**
 * A module that only some states of an element need (the sign-in views while
 * signed out, the task detail once a task opens), fetched the first time it
 * is asked for: the builds make it a chunk of its own, so a page pays for it
 * only when it shows it.
 */
export class LazyModule<M> {
  readonly #import: () => Promise<M>;
  #module: M | undefined;
  #pending: Promise<M> | undefined;
  /** The last fetch failed (offline, say): `get()` does not try again until {@link load} is called. */
  failed = false;

  constructor(load: () => Promise<M>) {
    this.#import = load;
  }

  /** The module if it is here, without fetching it. */
  get loaded(): M | undefined {
    return this.#module;
  }

  /** The module if it is here; else starts fetching it (once) and re-renders `host` when it arrives or fails. */
  get(host: ReactiveControllerHost): M | undefined {
    if (!this.#module && !this.failed) this.load().then(() => host.requestUpdate(), () => host.requestUpdate());
    return this.#module;
  }

  /** Fetches the module (once; again after a failure). */
  load(): Promise<M> {
    this.failed = false;
    this.#pending ??= this.#import().then(
      (module) => (this.#module = module),
      (error: unknown) => {
        this.#pending = undefined;
        this.failed = true;
        throw error;
      },
    );
    return this.#pending;
  }
}
