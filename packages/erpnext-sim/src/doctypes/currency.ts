import { check, data, field } from '../model/field-builders';
import type { DocTypeDef } from '../model/meta';

export const currencyDocType: DocTypeDef = {
  name: 'Currency',
  autoname: 'field:currency_name',
  fields: [
    data('currency_name', 'Currency Name', { reqd: true }),
    check('enabled', 'Enabled'),
    data('fraction', 'Fraction'),
    field('fraction_units', 'Fraction Units', 'Int'),
    data('symbol', 'Symbol'),
    data('number_format', 'Number Format'),
  ],
};

export const countryDocType: DocTypeDef = {
  name: 'Country',
  autoname: 'field:country_name',
  fields: [
    data('country_name', 'Country Name', { reqd: true }),
    data('date_format', 'Date Format'),
    data('time_format', 'Time Format'),
    field('time_zones', 'Time Zones', 'Text'),
    data('code', 'Code'),
  ],
};

/** Currencies `import_country_and_currency` enables on install. */
export const ENABLED_CURRENCIES = ['INR', 'USD', 'GBP', 'EUR', 'AED', 'AUD', 'JPY', 'CNY', 'CHF'] as const;
