import { fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { MailError, type Mailer, type OutgoingMail } from '../../server/infra/mail/message';
import { adminServer, type AdminServer } from '../helpers/admin-fetch';
import { findPage, openConsole } from '../helpers/admin-console';

// What an owner sees after inviting someone on a server that mails invite links.

let server: AdminServer;
afterEach(() => server.cleanup());

async function inviteThrough(mailer: Mailer) {
  server = await adminServer({ mailer });
  await server.addPerson('olga@acme.test', 'owner', 'Olga');
  await server.signIn('olga@acme.test');
  await openConsole('/admin/people');
  await findPage('People');
  fireEvent.input(screen.getByLabelText('Email'), { target: { value: 'pia@acme.test' } });
  fireEvent.click(screen.getByRole('button', { name: 'Send invitation' }));
  return screen.findByText(/\/admin\/invite#token=/);
}

describe('an invitation on a server that mails them', () => {
  it('says it was mailed, beside the link', async () => {
    const sent: OutgoingMail[] = [];
    const link = await inviteThrough({ send: async (mail) => void sent.push(mail) });
    expect(screen.getByText(/Mailed to pia@acme\.test; you can also send them this link yourself/)).toBeTruthy();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain(link.textContent);
  });

  it('shows why it was not mailed, and the link to copy instead', async () => {
    await inviteThrough({
      send: async () => {
        throw new MailError('The mail server refused the recipient: 550 5.1.1 No such user here');
      },
    });
    expect(screen.getByText('Not mailed: The mail server refused the recipient: 550 5.1.1 No such user here; copy the link and send it yourself.')).toBeTruthy();
    expect(screen.getByText(/Send them this link: it is shown only now/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy invitation link' })).toBeTruthy();
  });
});
