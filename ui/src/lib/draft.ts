// Drafts kept in local storage on every change, so that typed text survives a
// crash or a closed window, and offered back the next time.

export interface Draft<T> {
  saved_at: string;
  value: T;
}

/** The storage key of a draft of `what` in the database at `dbPath`. */
export function draftKey(dbPath: string, what: string): string {
  return `candor-draft:${what}:${dbPath}`;
}

export function saveDraft<T>(storage: Storage, key: string, value: T, now: Date = new Date()): void {
  try {
    storage.setItem(key, JSON.stringify({ saved_at: now.toISOString(), value }));
  } catch {
    return;
  }
}

/** The kept draft, or null when there is none or it cannot be read. */
export function loadDraft<T>(storage: Storage, key: string): Draft<T> | null {
  let text: string | null;
  try {
    text = storage.getItem(key);
  } catch {
    return null;
  }
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as Partial<Draft<T>>;
    if (typeof parsed.saved_at !== 'string' || parsed.value === undefined) return null;
    return { saved_at: parsed.saved_at, value: parsed.value };
  } catch {
    return null;
  }
}

export function clearDraft(storage: Storage, key: string): void {
  try {
    storage.removeItem(key);
  } catch {
    return;
  }
}
