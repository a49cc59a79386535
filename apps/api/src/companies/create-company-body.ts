import { z } from 'zod';
import { checkPasswordPolicy, closestChart, DEFAULT_MINIMUM_PASSWORD_SCORE, findCountry, isAcceptedChart, suggestCountries } from '@provisioner/frappe-facts';
import type { FieldProblem } from '../http';
import { isKnownCurrency } from './currency';
import { isValidSiteHostname } from './hostname';

/** SPEC §3: the body of POST /api/companies. Unknown keys are rejected; no type coercion. */
const bodyObject = z
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
      .refine(isKnownCurrency, 'must be an ISO 4217 currency code in upper case, e.g. USD')
      .optional(),
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

export const createCompanyBodySchema = bodyObject
  .superRefine(checkFrappeRules)
  .transform((body) => {
    // Frappe's own spelling of the country, and its currency when the client sent none.
    const country = findCountry(body.country);
    return { ...body, country: country?.name ?? body.country, default_currency: body.default_currency ?? country?.currency ?? '' };
  });

export type CreateCompanyBody = z.infer<typeof createCompanyBodySchema>;

/**
 * What ERPNext v15 would refuse later, refused at the door (FRAPPE_REST_FACTS §10), each with what
 * to send instead:
 * - `country` must name a Frappe Country record ("Korea, Republic of", not "South Korea");
 * - `chart_of_accounts` must be a name `get_chart` resolves, else ERPNext saves the Company without
 *   accounts and its name stays taken;
 * - `admin_password` must pass Frappe's default password policy (zxcvbn score >= 2, scored against
 *   the user's own name and email as Frappe does);
 * - without `default_currency`, the country must have one.
 */
function checkFrappeRules(body: z.output<typeof bodyObject>, ctx: z.RefinementCtx): void {
  const country = findCountry(body.country);
  if (!country) {
    const suggestions = suggestCountries(body.country);
    ctx.addIssue({
      code: 'custom',
      path: ['country'],
      message: `is not a country name ERPNext knows; use Frappe's spelling${suggestions.length ? `, e.g. ${suggestions.map((s) => `"${s}"`).join(' or ')}` : ''}`,
      params: { suggestions },
    });
  } else if (!body.default_currency && !country.currency) {
    ctx.addIssue({ code: 'custom', path: ['default_currency'], message: `is required: ERPNext has no default currency for ${country.name}` });
  }
  if (!isAcceptedChart(body.chart_of_accounts)) {
    const offered = country ? country.charts : ['Standard', 'Standard with Numbers'];
    const close = closestChart(body.chart_of_accounts);
    const suggestions = [...new Set([...(close ? [close] : []), ...offered])];
    ctx.addIssue({
      code: 'custom',
      path: ['chart_of_accounts'],
      message: `is not a chart of accounts ERPNext has (it would create the company without accounts); ${country ? `for ${country.name} ERPNext offers` : 'e.g.'} ${suggestions.map((s) => `"${s}"`).join(', ')}`,
      params: { suggestions },
    });
  }
  if (body.admin_password !== undefined) {
    // Frappe scores against first/middle/last name, email and birth date; our login user's first
    // name is the company name (erp/login-user.ts).
    const verdict = checkPasswordPolicy(body.admin_password, [body.company_name.slice(0, 140), body.admin_email]);
    if (!verdict.passes) {
      const why = [verdict.warning, ...verdict.suggestions].filter(Boolean).join(' ');
      ctx.addIssue({
        code: 'custom',
        path: ['admin_password'],
        message: `is too weak for ERPNext's password policy (strength ${verdict.score} of 4, at least ${DEFAULT_MINIMUM_PASSWORD_SCORE} needed)${why ? `: ${why}` : ''}. Leave it out to have a strong one generated.`,
      });
    }
  }
}

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
    const suggestions = issue.code === 'custom' ? (issue.params as { suggestions?: unknown } | undefined)?.suggestions : undefined;
    problems.push({ field, message, ...(Array.isArray(suggestions) && suggestions.length ? { suggestions: suggestions as string[] } : {}) });
  }
  return problems;
}
