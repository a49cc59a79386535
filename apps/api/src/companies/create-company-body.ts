import { z } from 'zod';
import type { FieldProblem } from '../http';
import { isKnownCurrency } from './currency';
import { isValidSiteHostname } from './hostname';

/** SPEC §3: the body of POST /api/companies. Unknown keys are rejected; no type coercion. */
export const createCompanyBodySchema = z
  .object({
    company_name: z.string().trim().min(1, 'must not be empty').max(140, 'must be at most 140 characters'),
    company_abbr: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]{1,10}$/, 'must be 1 to 10 letters or digits')
      .optional(),
    admin_email: z.string().trim().pipe(z.email('must be a valid email address')).transform((v) => v.toLowerCase()),
    admin_password: z
      .string()
      .min(8, 'must be at least 8 characters')
      .max(128, 'must be at most 128 characters')
      .optional(),
    default_currency: z
      .string()
      .trim()
      .refine(isKnownCurrency, 'must be an ISO 4217 currency code in upper case, e.g. USD'),
    country: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
    domain: z
      .string()
      .trim()
      .transform((v) => v.toLowerCase())
      .refine(isValidSiteHostname, 'must be a valid hostname with at least one dot, e.g. acme.localhost'),
    notify_email: z.string().trim().pipe(z.email('must be a valid email address')).transform((v) => v.toLowerCase()).optional(),
    include_demo_data: z.boolean().default(false),
    pos_store_enabled: z.boolean().default(true),
    chart_of_accounts: z.string().trim().min(1, 'must not be empty').max(140, 'must be at most 140 characters').default('Standard'),
    start: z.boolean().default(true),
  })
  .strict();

export type CreateCompanyBody = z.infer<typeof createCompanyBodySchema>;

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describeType(expected: string): string {
  if (expected === 'object') return 'a JSON object';
  if (expected === 'array') return 'an array';
  return `a ${expected}`;
}

/**
 * zod issues → `{field, message}` for error.details. An unknown key is reported under its own name;
 * `input` (what was parsed) tells a missing field ("is required") from a wrongly typed one.
 */
export function toFieldProblems(error: z.ZodError, input: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ field: [...issue.path, key].join('.'), message: 'is not a known field' });
      continue;
    }
    const field = issue.path.map(String).join('.') || 'body';
    let message = issue.message;
    if (issue.code === 'invalid_type') {
      message = valueAt(input, issue.path) === undefined ? 'is required' : `must be ${describeType(issue.expected)}`;
    }
    problems.push({ field, message });
  }
  return problems;
}
