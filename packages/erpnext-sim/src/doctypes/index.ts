import type { AppDoctypes } from '../sites/site';
import { accountDocType } from './account';
import { companyDocType } from './company';
import { costCenterDocType } from './cost-center';
import { countryDocType, currencyDocType } from './currency';
import { customerDocType } from './customer';
import { errorLogDocType } from './error-log';
import { fiscalYearCompanyDocType, fiscalYearDocType } from './fiscal-year';
import { globalDefaultsDocType } from './global-defaults';
import { customerGroupDocType, itemGroupDocType, territoryDocType } from './group-trees';
import { itemDefaultDocType, itemDocType, uomConversionDetailDocType, uomDocType } from './item';
import { modeOfPaymentAccountDocType, modeOfPaymentDocType } from './mode-of-payment';
import { posOpeningEntryDetailDocType, posOpeningEntryDocType } from './pos-opening-entry';
import { posPaymentMethodDocType, posProfileDocType, posProfileUserDocType } from './pos-profile';
import { itemPriceDocType, priceListDocType } from './price-list';
import { hasRoleDocType, roleDocType } from './role';
import { sellingSettingsDocType } from './selling-settings';
import { stockSettingsDocType } from './stock-settings';
import { systemSettingsDocType } from './system-settings';
import { userDocType } from './user';
import { userPermissionDocType } from './user-permission';
import { warehouseDocType, warehouseTypeDocType } from './warehouse';

export { ENABLED_CURRENCIES } from './currency';
export { logError, traceback } from './error-log';
export { WIZARD_UOMS } from './item';
export { STANDARD_ROLES } from './role';
export { rootOf } from './tree';

/** Every doctype the simulator knows, by the app that ships it. */
export const APP_DOCTYPES: AppDoctypes = {
  frappe: [userDocType, hasRoleDocType, roleDocType, userPermissionDocType, systemSettingsDocType, currencyDocType, countryDocType, errorLogDocType],
  erpnext: [
    companyDocType,
    accountDocType,
    costCenterDocType,
    warehouseDocType,
    warehouseTypeDocType,
    stockSettingsDocType,
    sellingSettingsDocType,
    globalDefaultsDocType,
    customerDocType,
    customerGroupDocType,
    territoryDocType,
    itemDocType,
    itemDefaultDocType,
    uomConversionDetailDocType,
    itemGroupDocType,
    uomDocType,
    itemPriceDocType,
    priceListDocType,
    modeOfPaymentDocType,
    modeOfPaymentAccountDocType,
    posProfileDocType,
    posPaymentMethodDocType,
    posProfileUserDocType,
    posOpeningEntryDocType,
    posOpeningEntryDetailDocType,
    fiscalYearDocType,
    fiscalYearCompanyDocType,
  ],
};
