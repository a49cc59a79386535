import type { RequestHandler, Router } from 'express';
import { validationFailed, type FieldProblem } from './api-error';

export const CONTROL_CHARACTERS_MESSAGE = 'must not contain control characters (U+0000–U+001F, U+007F) or unpaired surrogates';

/**
 * True when `value` holds a C0 control character, DEL, or a UTF-16 surrogate without its pair. None
 * of our fields is multi-line, so tab and newline are refused too. Postgres refuses NUL in text
 * (22021) and a lone surrogate cannot be encoded as UTF-8, so letting either through turns a client's
 * mistake into a 500 later; the rest would end up in ERPNext names, emails and log lines.
 */
export function hasControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c <= 0x1f || c === 0x7f) return true;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i += 1;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return true;
    }
  }
  return false;
}

/**
 * Every string (value or key) under `input` that has control characters, as field problems named by
 * their path ("company_name", "tags.0"). A key that is itself bad is named by its position instead,
 * so the answer carries no control character either.
 */
export function controlCharacterProblems(input: unknown, path: readonly string[] = []): FieldProblem[] {
  const field = (p: readonly string[]) => p.join('.') || 'body';
  if (typeof input === 'string') return hasControlCharacters(input) ? [{ field: field(path), message: CONTROL_CHARACTERS_MESSAGE }] : [];
  if (input === null || typeof input !== 'object') return [];
  const problems: FieldProblem[] = [];
  Object.entries(input as Record<string, unknown>).forEach(([key, value], index) => {
    if (hasControlCharacters(key)) {
      problems.push({ field: field([...path, `[key ${index}]`]), message: `name ${CONTROL_CHARACTERS_MESSAGE}` });
      return;
    }
    problems.push(...controlCharacterProblems(value, [...path, key]));
  });
  return problems;
}

/** Query parameters of every route: 400 naming the parameter, before any handler sees them. */
export const refuseControlCharactersInQuery: RequestHandler = (req, _res, next) => {
  const problems = controlCharacterProblems(req.query);
  if (problems.length > 0) {
    next(validationFailed(problems, 'Invalid query parameters; see error.details'));
    return;
  }
  next();
};

/** Route parameters (`:id`, `:token`): 400 naming the parameter instead of a lookup or a 404. */
export function refuseControlCharactersInParams(router: Router, names: readonly string[]): void {
  for (const name of names) {
    router.param(name, (_req, _res, next, value: unknown) => {
      if (typeof value === 'string' && hasControlCharacters(value)) {
        next(validationFailed([{ field: name, message: CONTROL_CHARACTERS_MESSAGE }], 'Invalid path; see error.details'));
        return;
      }
      next();
    });
  }
}

/**
 * For mounted apps whose routes we do not declare (Bull Board): the decoded path, as field "path".
 * A malformed escape is refused as well, since such a path names nothing.
 */
export const refuseControlCharactersInPath: RequestHandler = (req, _res, next) => {
  let bad = false;
  for (const segment of req.path.split('/')) {
    try {
      if (hasControlCharacters(decodeURIComponent(segment))) bad = true;
    } catch {
      bad = true;
    }
  }
  if (bad) {
    next(validationFailed([{ field: 'path', message: `${CONTROL_CHARACTERS_MESSAGE}, and must be validly percent-encoded` }], 'Invalid path; see error.details'));
    return;
  }
  next();
};
