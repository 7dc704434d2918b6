/** A failed API call: the server's error code, or `network` when no answer came. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds to wait before trying again, when the server says (Retry-After with a 429 or 503). */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}
