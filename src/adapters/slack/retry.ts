/**
 * Web API retries that never post a message twice. A call is retried only when Slack surely did
 * not act on it: a 429 (Slack refused it and said when to come back; the client waits that long)
 * or a connection that failed before anything was sent. A 5xx or a timeout may have posted the
 * message already, so those are not retried.
 */
export function surelyNotSent(error: unknown): boolean {
  const e = error as { message?: string; original?: { message?: string; code?: string; cause?: { code?: string } } };
  // The WebClient waits out a 429's Retry-After, then fails the attempt with this message (wrapped).
  const rateLimited = (m: unknown) => typeof m === 'string' && m.startsWith('A rate limit was exceeded');
  if (rateLimited(e.message) || rateLimited(e.original?.message)) return true;
  const code = e.original?.cause?.code ?? e.original?.code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
}

/** p-retry options for Slack's WebClient (`clientOptions.retryConfig`). */
export function safeRetryConfig(retries: number) {
  return {
    retries,
    factor: 2,
    minTimeout: 500,
    maxTimeout: 10_000,
    randomize: true,
    onFailedAttempt: (error: Error) => {
      if (!surelyNotSent(error)) throw error;
    },
  };
}
