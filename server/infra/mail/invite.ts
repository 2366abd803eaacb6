import type { Role } from '../../../shared/roles';
import type { OutgoingMail } from './message';

const WHAT: Record<Role, string> = {
  viewer: 'read everything but secrets',
  editor: 'edit drafts: catalog, rules and settings',
  publisher: 'edit drafts, publish and roll back',
  owner: 'manage everything: people, environments, keys and secrets',
};

export interface InviteMailInput {
  to: string;
  inviter: { name: string | null; email: string };
  /** The console's origin, naming which Upshift this is. */
  origin: string;
  role: Role;
  url: string;
  expiresAt: number;
}

// A person's name may hold any character; in a subject a line break would be refused, in a body it misleads.
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();

const when = (ms: number) => new Date(ms).toISOString().replace(/T(\d\d:\d\d).*$/, ' at $1 UTC');

/** The invitation mail: who invited them, to which Upshift, with which role, the link, and when it expires. */
export function inviteMail({ to, inviter, origin, role, url, expiresAt }: InviteMailInput): OutgoingMail {
  const who = inviter.name ? `${oneLine(inviter.name)} (${inviter.email})` : inviter.email;
  const host = new URL(origin).host;
  return {
    to,
    subject: `${inviter.name ? oneLine(inviter.name) : inviter.email} invited you to Upshift at ${host}`,
    text: [
      'Hello,',
      '',
      `${who} invited you to Upshift at ${origin} as ${role === 'editor' || role === 'owner' ? 'an' : 'a'} ${role}: you will ${WHAT[role]}.`,
      '',
      'To accept, open this link and choose a password:',
      '',
      url,
      '',
      `The link works once and expires on ${when(expiresAt)}. If you did not expect this invitation, ignore this mail: nothing happens until the link is used.`,
      '',
    ].join('\n'),
  };
}
