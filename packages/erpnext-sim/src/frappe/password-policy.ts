/**
 * Frappe v15's password policy as `User.validate` applies it to `new_password`
 * (frappe/core/doctype/user/user.py `password_strength_test`, `test_password_strength`,
 * `handle_password_test_fail`; frappe/utils/password_strength.py `get_feedback`):
 *
 * - nothing is checked while System Settings `enable_password_policy` is 0;
 * - the password (first 128 characters) is scored by zxcvbn against the user's first, middle and
 *   last name, email and birth date — Python's zxcvbn turns a missing value into the input "none";
 * - it passes when the score is above 0 and at least `minimum_password_score`;
 * - otherwise `frappe.throw(" ".join([warning, *suggestions]), title="Invalid Password")`: a 417
 *   ValidationError whose message is Frappe's own feedback for the longest zxcvbn match — often an
 *   empty string (a dictionary word that is neither a common password nor a name gets no words).
 *
 * The pass/fail verdict is frappe-facts' `checkPasswordPolicy`. The message needs the match
 * sequence, which that function does not return, so the sequence comes from a second zxcvbn-ts
 * instance with the same dictionaries; it only runs for passwords that failed.
 */
import { checkPasswordPolicy } from '@provisioner/frappe-facts';
import { ZxcvbnFactory, type MatchExtended } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { getDoc } from '../model/document-engine';
import type { DocContext } from '../model/meta';
import { cint, cstr } from '../util';

/** Frappe truncates before scoring: "zxcvbn takes forever when checking long, random passwords". */
const MAX_SCORED_LENGTH = 128;

interface Feedback {
  warning: string;
  suggestions: string[];
}

let factory: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return factory;
}

/** Python zxcvbn's scoring.START_UPPER / ALL_UPPER, which Frappe's feedback tests the token with. */
const START_UPPER = /^[A-Z][^A-Z]+$/;
const ALL_UPPER = /^[^a-z]+$/;

/**
 * `get_dictionary_match_feedback`. zxcvbn-ts names its dictionaries differently from Python's
 * zxcvbn; only "passwords" and the name lists get a warning in Frappe (its "english" branch never
 * matches Python's "english_wikipedia"), and Python's matches carry no `l33t_entropy`, so the l33t
 * suggestion never appears and a common password always gets its rank-based warning.
 */
function dictionaryFeedback(match: MatchExtended, isSoleMatch: boolean): Feedback {
  let warning = '';
  const suggestions: string[] = [];
  // zxcvbn-ts suffixes a dictionary with its language package ("passwords-common", "lastnames-en").
  const dictionary = cstr(match.dictionaryName).replace(/-[a-z]+$/, '');
  if (dictionary === 'passwords') {
    const rank = Number(match.rank);
    if (isSoleMatch) {
      if (rank <= 10) warning = 'This is a top-10 common password.';
      else if (rank <= 100) warning = 'This is a top-100 common password.';
      else warning = 'This is a very common password.';
    } else warning = 'This is similar to a commonly used password.';
  } else if (dictionary === 'firstnames' || dictionary === 'lastnames') {
    warning = isSoleMatch ? 'Names and surnames by themselves are easy to guess.' : 'Common names and surnames are easy to guess.';
  }
  if (START_UPPER.test(match.token)) suggestions.push("Capitalization doesn't help very much.");
  else if (ALL_UPPER.test(match.token)) suggestions.push('All-uppercase is almost as easy to guess as all-lowercase.');
  return { warning, suggestions };
}

/** `get_match_feedback`; undefined where Frappe's returns None. */
function matchFeedback(match: MatchExtended, isSoleMatch: boolean): Feedback | undefined {
  switch (match.pattern) {
    case 'dictionary':
      return dictionaryFeedback(match, isSoleMatch);
    case 'spatial':
      return match.turns === 1
        ? { warning: 'Straight rows of keys are easy to guess', suggestions: ['Try to use a longer keyboard pattern with more turns'] }
        : { warning: 'Short keyboard patterns are easy to guess', suggestions: ['Make use of longer keyboard patterns'] };
    case 'repeat':
      // Frappe looks for `repeated_char`, a key Python's zxcvbn does not set: always the "abc" text.
      return { warning: 'Repeats like "abcabcabc" are only slightly harder to guess than "abc"', suggestions: ['Try to avoid repeated words and characters'] };
    case 'sequence':
      return { warning: '', suggestions: ['Avoid sequences like abc or 6543 as they are easy to guess'] };
    case 'regex':
      return match.regexName === 'recentYear'
        ? { warning: 'Recent years are easy to guess.', suggestions: ['Avoid recent years.', 'Avoid years that are associated with you.'] }
        : undefined;
    case 'date':
      return { warning: 'Dates are often easy to guess.', suggestions: ['Avoid dates and years that are associated with you.'] };
    default:
      return undefined;
  }
}

/** `get_feedback(score, sequence)` for a password that failed the policy. */
function frappeFeedback(password: string, userInputs: string[], minimumScore: number): Feedback {
  const result = zxcvbn().check(password, userInputs);
  const sequence = result.sequence;
  if (!sequence.length) {
    return { warning: '', suggestions: ['Use a few words, avoid common phrases.', 'No need for symbols, digits, or uppercase letters.'] };
  }
  if (result.score >= (minimumScore || 2)) return { warning: '', suggestions: [] };
  let longest = sequence[0] as MatchExtended;
  for (const match of sequence) if (match.token.length > longest.token.length) longest = match;
  return matchFeedback(longest, sequence.length === 1) ?? { warning: '', suggestions: ['Better add a few more letters or another word'] };
}

/**
 * The "Invalid Password" message when `password` fails the site's policy for a user with these
 * inputs (first_name, middle_name, last_name, email, birth_date); undefined when it passes or the
 * policy is off.
 */
export function passwordPolicyFailure(ctx: DocContext, password: string, userData: readonly unknown[]): string | undefined {
  const settings = getDoc(ctx, 'System Settings', 'System Settings');
  if (!cint(settings.enable_password_policy)) return undefined;
  const minimumScore = cint(settings.minimum_password_score);
  const scored = password.slice(0, MAX_SCORED_LENGTH);
  const inputs = userData.map((value) => (value === null || value === undefined ? 'none' : cstr(value).toLowerCase()));
  if (checkPasswordPolicy(scored, inputs, minimumScore).passes) return undefined;
  const feedback = frappeFeedback(scored, inputs, minimumScore);
  return [feedback.warning, ...feedback.suggestions].join(' ');
}
