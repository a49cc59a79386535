import type { CompanyStatus } from '../schema';

/** The company is not in a state that allows the requested transition (API: 409 INVALID_STATE). */
export class InvalidStateError extends Error {
  constructor(
    readonly companyId: string,
    readonly currentStatus: CompanyStatus,
    readonly action: string,
  ) {
    super(`cannot ${action} company ${companyId}: its status is ${currentStatus}`);
    this.name = 'InvalidStateError';
  }
}

/** A unique field is taken by another company (API: 409 DOMAIN_TAKEN / COMPANY_NAME_TAKEN). */
export class UniqueTakenError extends Error {
  constructor(readonly field: 'domain' | 'company_name' | 'idempotency_key') {
    super(`${field} is already taken`);
    this.name = 'UniqueTakenError';
  }
}

export class NotFoundError extends Error {
  constructor(readonly companyId: string) {
    super(`company ${companyId} not found`);
    this.name = 'NotFoundError';
  }
}
