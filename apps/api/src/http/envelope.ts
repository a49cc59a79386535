import type { Response } from 'express';

/** The success envelope, kept compatible with the earlier system (seed 004). */
export interface SuccessEnvelope<T> {
  success: true;
  message: string;
  data: T;
}

export interface ErrorEnvelope {
  success: false;
  error: { code: string; message: string; details?: unknown };
}

export function sendData<T>(res: Response, status: number, message: string, data: T): void {
  const body: SuccessEnvelope<T> = { success: true, message, data };
  res.status(status).json(body);
}

export function sendError(res: Response, status: number, code: string, message: string, details?: unknown): void {
  const body: ErrorEnvelope = { success: false, error: { code, message, ...(details === undefined ? {} : { details }) } };
  res.status(status).json(body);
}
