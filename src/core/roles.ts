import { parseAddress } from './email';

/**
 * Who may steer a team's campaigns. The `Managers` setting lists addresses; empty means everyone on
 * the team is a manager. It is a convenience that keeps people from pausing each other's campaigns
 * by mistake, not a security boundary: anyone who can edit the sheet can edit the Settings tab.
 */
export interface Managers {
  /** The setting is blank: every member of the team manages. */
  everyone: boolean;
  /** Lower-cased addresses. */
  emails: string[];
  /** Entries that are not an address, in words for setup and the homepage. */
  errors: string[];
}

export function parseManagers(value: string | null): Managers {
  const emails: string[] = [];
  const errors: string[] = [];
  let entries = 0;
  for (const part of (value ?? '').split(/[,;\n]+/)) {
    const raw = part.trim();
    if (!raw) continue;
    entries++;
    const a = parseAddress(raw);
    if (!a) errors.push(`Managers: "${raw}" is not an email address (it is left out; separate addresses with commas).`);
    else if (!emails.includes(a.email)) emails.push(a.email);
  }
  // A list whose every entry is unreadable must not silently become "everyone manages".
  if (!emails.length && errors.length)
    errors.push('Managers: no address in it could be read, so nobody but each campaign’s creator can steer it.');
  return { everyone: entries === 0, emails, errors };
}

export function isManager(m: Managers, user: string): boolean {
  return m.everyone || m.emails.includes(user.toLowerCase());
}

/** Pause, resume, cancel, review: the campaign's creator and the team's managers. */
export function mayControl(owner: string, user: string, m: Managers): boolean {
  return owner.toLowerCase() === user.toLowerCase() || isManager(m, user);
}

/** Whoever may act on a campaign, in words for someone who may not. */
export function whoMayControl(owner: string, m: Managers): string {
  const others = m.emails.filter((e) => e !== owner.toLowerCase());
  return others.length ? `its creator (${owner}) or a manager (${others.join(', ')})` : `its creator (${owner})`;
}
