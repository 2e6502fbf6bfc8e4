/** Tab names and header rows of the CRM workbook. These are a contract with the product: don't reword. */
export const HEADERS = {
  Accounts: [
    'Account ID',
    'Account',
    'Domain',
    'Owner',
    'Stage',
    'Industry',
    'Tags',
    'Crisis impact',
    'Plan',
    'MRR',
    'Currency',
    'Seats purchased',
    'Seats active',
    'Customer since',
    'Renewal date',
    'Cancellation requested',
    'Churn reason',
    'Onboarding milestones done',
    'Onboarding milestones total',
    'NPS',
    'Open tickets',
    'Days overdue',
    'Health',
    'Health band',
    'Flags',
    'Health updated',
  ],
  Contacts: [
    'Email',
    'First name',
    'Last name',
    'Account ID',
    'Title',
    'Role',
    'Phone',
    'Unsubscribed',
    'Bounced',
    'Last contacted',
  ],
  Usage: [
    'Account ID',
    'Week',
    'Active days',
    'Active users',
    'Key features used',
    'Key features available',
    'End users reached',
    'Minutes active',
  ],
  Activity: ['When', 'Who', 'Account ID', 'Email', 'Type', 'Details'],
  Offers: ['Offer ID', 'Account ID', 'Type', 'Terms', 'Starts', 'Ends', 'Status', 'Logged by', 'Logged at'],
  Templates: ['Template ID', 'Name', 'Subject', 'Body', 'Format', 'Updated by', 'Updated at'],
} as const;

export type TabName = keyof typeof HEADERS;

export const TAB_ORDER: readonly TabName[] = ['Accounts', 'Contacts', 'Usage', 'Activity', 'Offers', 'Templates'];

export const STAGES = ['Onboarding', 'Adopting', 'Engaged', 'Expanding', 'At risk', 'Churned'] as const;
export type Stage = (typeof STAGES)[number];

export const OFFER_TYPES = ['Discount', 'Split payment', 'Payment holiday', 'Free feature', 'Extended trial'] as const;
export type OfferType = (typeof OFFER_TYPES)[number];

/** Account managers. The local preview runs as am@holdfast.example, so it owns the largest share. */
export const MANAGERS = [
  'am@holdfast.example',
  'priya.shah@holdfast.example',
  'marco.rossi@holdfast.example',
  'dana.kim@holdfast.example',
  'tom.becker@holdfast.example',
] as const;
export const PREVIEW_USER = MANAGERS[0];
