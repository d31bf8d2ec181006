// The tenant's live events (GET /api/events/stream) read with fetch, so the session cookie is sent and a
// lost connection is retried with a growing delay.
import { useEffect, useRef } from 'react';

/** One domain event as the stream sends it. */
export interface LiveEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

/** Calls `onEvent` for every live event while the component is mounted. */
export function useLiveEvents(onEvent: (event: LiveEvent) => void): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    const controller = new AbortController();
    void follow(controller.signal, (event) => handler.current(event));
    return () => controller.abort();
  }, []);
}

async function follow(signal: AbortSignal, onEvent: (event: LiveEvent) => void): Promise<void> {
  let delayMs = 1000;
  while (!signal.aborted) {
    try {
      const response = await fetch('/api/events/stream', {
        credentials: 'same-origin',
        headers: { accept: 'text/event-stream' },
        signal,
      });
      if (response.ok && response.body) {
        delayMs = 1000;
        await readFrames(response.body, onEvent);
      }
    } catch {
      if (signal.aborted) return;
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(delayMs * 2, 30_000);
  }
}

async function readFrames(body: ReadableStream<Uint8Array>, onEvent: (event: LiveEvent) => void) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      if (data) onEvent(JSON.parse(data) as LiveEvent);
    }
  }
}
