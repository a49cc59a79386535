import type { Fact } from '../../fact';
import { badTokenFact } from './bad-token';
import { generateKeysFact } from './generate-keys';
import { guestForbiddenFact } from './guest-forbidden';
import { loggedUserFact } from './logged-user';
import { passwordLoginFact } from './password-login';

/** §2 Authentication. */
export const AUTH_FACTS: readonly Fact[] = [badTokenFact, loggedUserFact, guestForbiddenFact, generateKeysFact, passwordLoginFact];
