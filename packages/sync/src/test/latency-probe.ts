import type { WebsocketProvider } from 'y-websocket';

/**
 * Measures how late updates on one board reach another client while something else
 * happens on the server: `writer` stamps the time every few milliseconds, `reader`
 * notes how old each stamp is when it arrives. Both share the test's clock.
 */
export class LatencyProbe {
  readonly #writer: WebsocketProvider;
  readonly #reader: WebsocketProvider;
  readonly #timer: NodeJS.Timeout;
  #worstMs = 0;
  #received = 0;

  constructor(writer: WebsocketProvider, reader: WebsocketProvider, everyMs = 10) {
    this.#writer = writer;
    this.#reader = reader;
    reader.doc.getMap('probe').observe(this.#onChange);
    this.#timer = setInterval(
      () => writer.doc.getMap('probe').set('sent', performance.now()),
      everyMs,
    );
  }

  /** The latest stamp's delay counts too: a stall that has not ended yet shows as one. */
  get worstMs(): number {
    return this.#worstMs;
  }

  get received(): number {
    return this.#received;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#reader.doc.getMap('probe').unobserve(this.#onChange);
    void this.#writer;
  }

  #onChange = () => {
    const sent = this.#reader.doc.getMap('probe').get('sent');
    if (typeof sent !== 'number') return;
    this.#received++;
    this.#worstMs = Math.max(this.#worstMs, performance.now() - sent);
  };
}
