/** A problem with the CRM sheet that the user can fix, told in words a card can show. */
export class CrmSetupError extends Error {
  constructor(message: string, readonly fix: string) {
    super(message);
    this.name = 'CrmSetupError';
  }
}
