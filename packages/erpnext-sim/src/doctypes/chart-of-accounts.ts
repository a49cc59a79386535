/**
 * ERPNext's "Standard" chart (erpnext/accounts/doctype/account/chart_of_accounts/verified/
 * standard_chart_of_accounts.py) and its "Standard with Numbers" twin. Account names and types
 * follow v15; the numbers of the numbered chart are approximations (see README).
 */
export interface ChartNode {
  name: string;
  number: string;
  accountType?: string;
  /** Explicit group without children ("Bank Accounts", "Tax Assets", ...). */
  isGroup?: boolean;
  rootType?: 'Asset' | 'Liability' | 'Income' | 'Expense' | 'Equity';
  children?: ChartNode[];
}

const n = (name: string, number: string, extra: Omit<ChartNode, 'name' | 'number'> = {}): ChartNode => ({ name, number, ...extra });

export const STANDARD_CHART: readonly ChartNode[] = [
  n('Application of Funds (Assets)', '1000', {
    rootType: 'Asset',
    children: [
      n('Current Assets', '1100', {
        children: [
          n('Accounts Receivable', '1300', { children: [n('Debtors', '1310', { accountType: 'Receivable' })] }),
          n('Bank Accounts', '1200', { accountType: 'Bank', isGroup: true }),
          n('Cash In Hand', '1110', { accountType: 'Cash', children: [n('Cash', '1111', { accountType: 'Cash' })] }),
          n('Loans and Advances (Assets)', '1600', { children: [n('Employee Advances', '1610')] }),
          n('Securities and Deposits', '1650', { children: [n('Earnest Money', '1651')] }),
          n('Stock Assets', '1400', { accountType: 'Stock', children: [n('Stock In Hand', '1410', { accountType: 'Stock' })] }),
          n('Tax Assets', '1500', { isGroup: true }),
        ],
      }),
      n('Fixed Assets', '1700', {
        children: [
          n('Capital Equipments', '1710', { accountType: 'Fixed Asset' }),
          n('Electronic Equipments', '1720', { accountType: 'Fixed Asset' }),
          n('Furnitures and Fixtures', '1730', { accountType: 'Fixed Asset' }),
          n('Office Equipments', '1740', { accountType: 'Fixed Asset' }),
          n('Plants and Machineries', '1750', { accountType: 'Fixed Asset' }),
          n('Buildings', '1760', { accountType: 'Fixed Asset' }),
          n('Softwares', '1770', { accountType: 'Fixed Asset' }),
          n('Accumulated Depreciation', '1780', { accountType: 'Accumulated Depreciation' }),
          n('CWIP Account', '1790', { accountType: 'Capital Work in Progress' }),
        ],
      }),
      n('Investments', '1800', { isGroup: true }),
      n('Temporary Accounts', '1900', { children: [n('Temporary Opening', '1910', { accountType: 'Temporary' })] }),
    ],
  }),
  n('Expenses', '5000', {
    rootType: 'Expense',
    children: [
      n('Direct Expenses', '5100', {
        children: [
          n('Stock Expenses', '5110', {
            children: [
              n('Cost of Goods Sold', '5111', { accountType: 'Cost of Goods Sold' }),
              n('Expenses Included In Asset Valuation', '5112', { accountType: 'Expenses Included In Asset Valuation' }),
              n('Expenses Included In Valuation', '5118', { accountType: 'Expenses Included In Valuation' }),
              n('Stock Adjustment', '5119', { accountType: 'Stock Adjustment' }),
            ],
          }),
        ],
      }),
      n('Indirect Expenses', '5200', {
        children: [
          n('Administrative Expenses', '5201'),
          n('Commission on Sales', '5202'),
          n('Depreciation', '5203', { accountType: 'Depreciation' }),
          n('Entertainment Expenses', '5204'),
          n('Freight and Forwarding Charges', '5205', { accountType: 'Chargeable' }),
          n('Legal Expenses', '5206'),
          n('Marketing Expenses', '5207', { accountType: 'Chargeable' }),
          n('Miscellaneous Expenses', '5208', { accountType: 'Chargeable' }),
          n('Office Maintenance Expenses', '5209'),
          n('Office Rent', '5210'),
          n('Postal Expenses', '5211'),
          n('Print and Stationery', '5212'),
          n('Round Off', '5213', { accountType: 'Round Off' }),
          n('Salary', '5214'),
          n('Sales Expenses', '5215'),
          n('Telephone Expenses', '5216'),
          n('Travel Expenses', '5217'),
          n('Utility Expenses', '5218'),
          n('Write Off', '5219'),
          n('Exchange Gain/Loss', '5220'),
          n('Gain/Loss on Asset Disposal', '5221'),
        ],
      }),
    ],
  }),
  n('Income', '4000', {
    rootType: 'Income',
    children: [
      n('Direct Income', '4100', { children: [n('Sales', '4110'), n('Service', '4120')] }),
      n('Indirect Income', '4200', { isGroup: true }),
    ],
  }),
  n('Source of Funds (Liabilities)', '2000', {
    rootType: 'Liability',
    children: [
      n('Current Liabilities', '2100', {
        children: [
          n('Accounts Payable', '2110', { children: [n('Creditors', '2111', { accountType: 'Payable' }), n('Payroll Payable', '2112')] }),
          n('Stock Liabilities', '2200', {
            children: [
              n('Stock Received But Not Billed', '2210', { accountType: 'Stock Received But Not Billed' }),
              n('Asset Received But Not Billed', '2211', { accountType: 'Asset Received But Not Billed' }),
            ],
          }),
          n('Duties and Taxes', '2300', { accountType: 'Tax', isGroup: true }),
          n('Loans (Liabilities)', '2400', {
            children: [n('Secured Loans', '2410'), n('Unsecured Loans', '2420'), n('Bank Overdraft Account', '2430')],
          }),
        ],
      }),
    ],
  }),
  n('Equity', '3000', {
    rootType: 'Equity',
    children: [
      n('Capital Stock', '3100', { accountType: 'Equity' }),
      n('Dividends Paid', '3200', { accountType: 'Equity' }),
      n('Opening Balance Equity', '3300', { accountType: 'Equity' }),
      n('Retained Earnings', '3400', { accountType: 'Equity' }),
      n('Revaluation Surplus', '3500', { accountType: 'Equity' }),
    ],
  }),
];
