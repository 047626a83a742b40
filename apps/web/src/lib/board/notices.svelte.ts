export interface NoticeOptions {
  /** Shows an "Undo" button that calls this. */
  undo?: () => void;
  /** Milliseconds before it goes away by itself. */
  duration?: number;
}

export interface Notice {
  readonly id: number;
  readonly message: string;
  readonly undo: (() => void) | null;
}

/** The toast line under the map ("Card deleted — Undo"): one at a time, newest wins. */
export class Notices {
  #current = $state.raw<Notice | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #next = 1;

  get current(): Notice | null {
    return this.#current;
  }

  show(message: string, { undo, duration = 6_000 }: NoticeOptions = {}): void {
    clearTimeout(this.#timer);
    const notice: Notice = { id: this.#next++, message, undo: undo ?? null };
    this.#current = notice;
    this.#timer = setTimeout(() => this.dismiss(notice.id), duration);
  }

  dismiss(id?: number): void {
    if (id !== undefined && this.#current?.id !== id) return;
    clearTimeout(this.#timer);
    this.#current = null;
  }

  destroy(): void {
    clearTimeout(this.#timer);
  }
}
