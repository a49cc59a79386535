export { startMailCatcher } from './mail-catcher';
export type { MailCatcher, CaughtMail } from './mail-catcher';
