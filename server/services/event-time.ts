/**
 * The time an event is stored with, in epoch ms: the client's own time, but never later than the
 * server received it, so a client clock running ahead cannot date an event in the future.
 */
export function storedEventTime(clientAt: string, receivedAt: number): number {
  return Math.min(Date.parse(clientAt), receivedAt);
}
