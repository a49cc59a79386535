/** Queue names are part of the contract with operators (Bull Board) and with SPEC §2. */
export const QUEUE_LONG = 'long';
export const QUEUE_NOTIFICATIONS = 'notifications';
export const QUEUE_NAMES = [QUEUE_LONG, QUEUE_NOTIFICATIONS] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];
