import { errorText } from '../core/failures';
import type { ThreadMessage } from '../core/replies';

/**
 * The user's own mailbox through the Advanced Gmail service (the Gmail API), which only the opt-in
 * build enables, with the read-only Gmail scope. Two calls: a search of Sent mail, and a thread's
 * messages with their headers (format "metadata": no bodies are read).
 */

/** The API's users collection; the deploy check finds the advanced service in the bundle by this. */
function users(): GoogleAppsScript.Gmail.Collection.UsersCollection {
  // Without the advanced service Apps Script has no `Gmail` at all; typeof does not throw for it.
  if (typeof Gmail === 'undefined' || !Gmail)
    throw new Error(
      'The Advanced Gmail service is not enabled in this deployment: build it with npm run build -- --track-replies.',
    );
  return Gmail.Users;
}

/** Messages of the user's mailbox matching a Gmail search, newest first: their IDs and threads. */
export function searchMessages(q: string, maxResults: number): Array<{ id: string; threadId: string }> {
  const found = users().Messages.list('me', { q, maxResults });
  // The API leaves `messages` out altogether when nothing matches.
  return (found.messages ?? []).map((m) => ({ id: String(m.id), threadId: String(m.threadId) }));
}

const HEADERS = ['From', 'To', 'Subject'];

/** A thread's messages, oldest first, with the headers the tracker reads; null when the thread is gone. */
export function threadMessages(threadId: string): ThreadMessage[] | null {
  let thread: GoogleAppsScript.Gmail.Schema.Thread;
  try {
    thread = users().Threads.get('me', threadId, { format: 'metadata', metadataHeaders: HEADERS });
  } catch (e) {
    // Deleted for good (or never this user's): there is nothing more to learn from it.
    if (/not found/i.test(errorText(e))) return null;
    throw e;
  }
  return (thread.messages ?? []).map((m) => {
    const header = (name: string) =>
      String((m.payload?.headers ?? []).find((h) => (h.name ?? '').toLowerCase() === name.toLowerCase())?.value ?? '');
    return {
      id: String(m.id),
      from: header('From'),
      to: header('To'),
      subject: header('Subject'),
      // int64 fields come as strings.
      date: Number(m.internalDate),
      labels: m.labelIds ?? [],
      snippet: m.snippet ?? '',
    };
  });
}
