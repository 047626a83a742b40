import type { WebSocket } from 'ws';
import { CloseCode } from '@journeyboard/protocol';
import type { SyncLimits } from './options.ts';

/**
 * The one place the server reaches into `ws` internals. `ws-seam.test.ts` pins the
 * library behaviour this relies on (and the raw-socket writes of `socket-writer.ts`), so
 * an upgrade of `ws` that changes it fails there, not in production.
 */

/**
 * `ws` closes on its own when a frame breaks the WebSocket rules (1009 for a frame over
 * `maxPayload`, 1002/1007 for protocol errors) and gives no reason. It does so through
 * the instance's `close`, so wrapping it lets those closes carry our codes and a reason.
 */
export function mapProtocolCloses(
  ws: WebSocket,
  limits: Pick<SyncLimits, 'maxFrameBytes'>,
  onMapped: (code: number) => void,
): void {
  const close = ws.close.bind(ws);
  ws.close = (code?: number, reason?: string | Buffer) => {
    if (code === 1009) {
      onMapped(CloseCode.MessageTooLarge);
      return close(CloseCode.MessageTooLarge, `frame over ${limits.maxFrameBytes} bytes`);
    }
    if (code === 1002 || code === 1007) {
      onMapped(CloseCode.MalformedMessage);
      return close(CloseCode.MalformedMessage, 'invalid WebSocket frame');
    }
    return close(code, reason);
  };
}
