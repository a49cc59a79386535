import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

/**
 * Frappe v15's password policy: System Settings `enable_password_policy` = 1 and
 * `minimum_password_score` = 2 by default. `User.validate` scores `new_password` with zxcvbn against
 * the user's own data (first/middle/last name, email, birth date) and refuses a score below the
 * minimum — or a score of 0 at any minimum ("Invalid Password", 417).
 *
 * Frappe runs the Python port of Dropbox's zxcvbn; this uses @zxcvbn-ts, the maintained TypeScript
 * port with the same matchers and the same common-password and English dictionaries. Scores agree
 * on ordinary passwords; a borderline one may score one point apart between the two.
 */
export const DEFAULT_MINIMUM_PASSWORD_SCORE = 2;

let factory: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return factory;
}

export interface PasswordVerdict {
  score: 0 | 1 | 2 | 3 | 4;
  passes: boolean;
  /** zxcvbn's warning and suggestions, in English; empty when it passes. */
  warning: string;
  suggestions: string[];
}

/** Scores a password the way Frappe's policy does; `userInputs` are the user's own name and email. */
export function checkPasswordPolicy(
  password: string,
  userInputs: ReadonlyArray<string | null | undefined> = [],
  minimumScore = DEFAULT_MINIMUM_PASSWORD_SCORE,
): PasswordVerdict {
  const inputs = userInputs.filter((v): v is string => typeof v === 'string' && v.length > 0);
  // zxcvbn's cost grows with length; Frappe's own check has no cap, but 128 characters is our API's.
  const result = zxcvbn().check(password.slice(0, 256), inputs);
  const score = result.score;
  const passes = score > 0 && score >= minimumScore;
  return {
    score,
    passes,
    warning: passes ? '' : (result.feedback.warning ?? ''),
    suggestions: passes ? [] : result.feedback.suggestions,
  };
}
