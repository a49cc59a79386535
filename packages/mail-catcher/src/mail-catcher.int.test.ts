import nodemailer from 'nodemailer';
import { startMailCatcher } from './mail-catcher';

const send = (url: string, subject: string) =>
  nodemailer.createTransport(url).sendMail({ from: 'a@test.local', to: 'b@test.local', subject, text: subject });

describe('mail catcher', () => {
  it('refuses connections while stopped and accepts mail again on the same port after start', async () => {
    const mail = await startMailCatcher();
    try {
      await send(mail.url, 'before');
      await mail.stop();
      await expect(send(mail.url, 'during')).rejects.toThrow(/ECONNREFUSED/);
      await mail.start();
      await send(mail.url, 'after');
      expect(mail.messages.map((m) => m.subject)).toEqual(['before', 'after']);
    } finally {
      await mail.close();
    }
  });

  it('calls the onAccepted hook after it accepted a message', async () => {
    const seen: string[] = [];
    const mail = await startMailCatcher({ onAccepted: (m) => seen.push(m.subject) });
    try {
      await send(mail.url, 'hello');
      expect(seen).toEqual(['hello']);
    } finally {
      await mail.close();
    }
  });
});
