import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface NodeHeartbeatOptions {
  redis: Redis;
  nodeKey: (node: string) => string;
  nodeId: string;
  everyMs: number;
  /** How long a beat keeps a node alive: a node silent this long is gone. */
  ttlMs: number;
  logger: Logger;
  /** Other nodes seen on our boards, whose death we must notice. */
  watched: () => Iterable<string>;
  onGone: (node: string) => void;
  /** Our own key had expired (we were cut off): others dropped our clients' presence. */
  onLapsed: () => void;
  /** Runs after every beat that reached Redis: a chance to retry deferred work. */
  onBeat: () => void;
}

/**
 * Each node keeps a key with a TTL alive; a node that dies (kill -9, lost host) lets it
 * expire, and the nodes that saw it on a board remove its clients' presence.
 */
export class NodeHeartbeat {
  readonly #options: NodeHeartbeatOptions;
  readonly #timer: NodeJS.Timeout;
  #beats = 0;
  #busy = false;

  constructor(options: NodeHeartbeatOptions) {
    this.#options = options;
    this.#timer = setInterval(() => void this.beat(), options.everyMs);
    this.#timer.unref();
  }

  async beat(): Promise<void> {
    const { redis, nodeKey, nodeId, ttlMs, logger } = this.#options;
    if (this.#busy || redis.status !== 'ready') return;
    this.#busy = true;
    try {
      const previous = await redis.call('SET', nodeKey(nodeId), Date.now(), 'PX', ttlMs, 'GET');
      if (previous === null && this.#beats > 0) this.#options.onLapsed();
      this.#beats++;
      const nodes = [...this.#options.watched()];
      if (nodes.length > 0) {
        const alive = (await redis.call('MGET', ...nodes.map(nodeKey))) as (string | null)[];
        nodes.forEach((node, i) => {
          if (alive[i] === null) this.#options.onGone(node);
        });
      }
      this.#options.onBeat();
    } catch (err) {
      logger.debug({ err }, 'heartbeat failed');
    } finally {
      this.#busy = false;
    }
  }

  /** Stops beating; `forget` also deletes our key so others drop our presence at once. */
  async stop(forget: boolean): Promise<void> {
    clearInterval(this.#timer);
    const { redis, nodeKey, nodeId, logger } = this.#options;
    if (!forget || redis.status !== 'ready') return;
    await redis.del(nodeKey(nodeId)).catch((err: unknown) => {
      logger.debug({ err }, 'deleting the node key failed');
    });
  }
}
