import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors';

/** Refuses a body over `bytes` (as sent, and as read) with 413 `payload_too_large` and `message`. */
export const maxBody = (bytes: number, message: string) =>
  bodyLimit({
    maxSize: bytes,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', message);
    },
  });
