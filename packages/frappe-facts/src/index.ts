export { COUNTRIES, findCountry, foldName, suggestCountries, type CountryInfo } from './countries';
export { ACCEPTED_CHARTS, chartsForCountry, closestChart, isAcceptedChart } from './charts';
export { ADMINISTRATOR, DOCTYPE_PERMISSIONS, hasRight, rolesGranting, type DoctypePermissions, type PermissionRight } from './permissions';
export { checkPasswordPolicy, DEFAULT_MINIMUM_PASSWORD_SCORE, type PasswordVerdict } from './password-policy';
