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

/** ISO 3166 country code -> ISO 4217 currency, for the Country and Currency records of a fresh site. */
const CURRENCY_BY_COUNTRY =
  'AD:EUR AE:AED AF:AFN AG:XCD AI:XCD AL:ALL AM:AMD AO:AOA AR:ARS AS:USD AT:EUR AU:AUD AW:AWG AX:EUR AZ:AZN BA:BAM ' +
  'BB:BBD BD:BDT BE:EUR BF:XOF BG:BGN BH:BHD BI:BIF BJ:XOF BL:EUR BM:BMD BN:BND BO:BOB BQ:USD BR:BRL BS:BSD BT:BTN ' +
  'BW:BWP BY:BYN BZ:BZD CA:CAD CC:AUD CD:CDF CF:XAF CG:XAF CH:CHF CI:XOF CK:NZD CL:CLP CM:XAF CN:CNY CO:COP CR:CRC ' +
  'CU:CUP CV:CVE CW:ANG CX:AUD CY:EUR CZ:CZK DE:EUR DJ:DJF DK:DKK DM:XCD DO:DOP DZ:DZD EC:USD EE:EUR EG:EGP EH:MAD ' +
  'ER:ERN ES:EUR ET:ETB FI:EUR FJ:FJD FK:FKP FM:USD FO:DKK FR:EUR GA:XAF GB:GBP GD:XCD GE:GEL GF:EUR GG:GBP GH:GHS ' +
  'GI:GIP GL:DKK GM:GMD GN:GNF GP:EUR GQ:XAF GR:EUR GT:GTQ GU:USD GW:XOF GY:GYD HK:HKD HN:HNL HR:EUR HT:HTG HU:HUF ' +
  'ID:IDR IE:EUR IL:ILS IM:GBP IN:INR IO:USD IQ:IQD IR:IRR IS:ISK IT:EUR JE:GBP JM:JMD JO:JOD JP:JPY KE:KES KG:KGS ' +
  'KH:KHR KI:AUD KM:KMF KN:XCD KP:KPW KR:KRW KW:KWD KY:KYD KZ:KZT LA:LAK LB:LBP LC:XCD LI:CHF LK:LKR LR:LRD LS:LSL ' +
  'LT:EUR LU:EUR LV:EUR LY:LYD MA:MAD MC:EUR MD:MDL ME:EUR MF:EUR MG:MGA MH:USD MK:MKD ML:XOF MM:MMK MN:MNT MO:MOP ' +
  'MP:USD MQ:EUR MR:MRU MS:XCD MT:EUR MU:MUR MV:MVR MW:MWK MX:MXN MY:MYR MZ:MZN NA:NAD NC:XPF NE:XOF NF:AUD NG:NGN ' +
  'NI:NIO NL:EUR NO:NOK NP:NPR NR:AUD NU:NZD NZ:NZD OM:OMR PA:PAB PE:PEN PF:XPF PG:PGK PH:PHP PK:PKR PL:PLN PM:EUR ' +
  'PN:NZD PR:USD PS:ILS PT:EUR PW:USD PY:PYG QA:QAR RE:EUR RO:RON RS:RSD RU:RUB RW:RWF SA:SAR SB:SBD SC:SCR SD:SDG ' +
  'SE:SEK SG:SGD SH:SHP SI:EUR SK:EUR SL:SLE SM:EUR SN:XOF SO:SOS SR:SRD SS:SSP ST:STN SV:USD SX:ANG SY:SYP SZ:SZL ' +
  'TC:USD TD:XAF TG:XOF TH:THB TJ:TJS TK:NZD TL:USD TM:TMT TN:TND TO:TOP TR:TRY TT:TTD TV:AUD TW:TWD TZ:TZS UA:UAH ' +
  'UG:UGX US:USD UY:UYU UZ:UZS VA:EUR VC:XCD VE:VES VG:USD VI:USD VN:VND VU:VUV WF:XPF WS:WST YE:YER YT:EUR ZA:ZAR ' +
  'ZM:ZMW ZW:ZWL';

/** Names Frappe's country_info.json spells differently from ICU's English region names. */
const NAME_OVERRIDES: Readonly<Record<string, string>> = { CZ: 'Czech Republic', TR: 'Turkey', CI: "Cote d'Ivoire" };

/** Date formats of a few countries (country_info.json); others use dd-mm-yyyy. */
const DATE_FORMATS: Readonly<Record<string, string>> = {
  US: 'mm-dd-yyyy', CA: 'mm-dd-yyyy', PH: 'mm/dd/yyyy', GB: 'dd/mm/yyyy', AU: 'dd/mm/yyyy', NZ: 'dd/mm/yyyy', IE: 'dd/mm/yyyy',
  DE: 'dd.mm.yyyy', AT: 'dd.mm.yyyy', CH: 'dd.mm.yyyy', SE: 'yyyy-mm-dd', CN: 'yyyy-mm-dd', JP: 'yyyy-mm-dd', KR: 'yyyy-mm-dd',
  FR: 'dd/mm/yyyy', ES: 'dd/mm/yyyy', IT: 'dd/mm/yyyy', BR: 'dd/mm/yyyy', ZA: 'yyyy-mm-dd',
};

export interface CountryInfo {
  name: string;
  code: string;
  currency: string;
  dateFormat: string;
}

/** Every country a fresh site knows, named like Frappe does. */
export function countryInfo(): CountryInfo[] {
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  return CURRENCY_BY_COUNTRY.split(' ').map((pair) => {
    const [code, currency] = pair.split(':') as [string, string];
    return {
      name: NAME_OVERRIDES[code] ?? names.of(code) ?? code,
      code: code.toLowerCase(),
      currency,
      dateFormat: DATE_FORMATS[code] ?? 'dd-mm-yyyy',
    };
  });
}

/** Currencies `import_country_and_currency` enables on install. */
export const ENABLED_CURRENCIES = ['INR', 'USD', 'GBP', 'EUR', 'AED', 'AUD', 'JPY', 'CNY', 'CHF'] as const;
