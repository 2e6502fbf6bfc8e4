/** Names of the script properties Holdfast keeps (shared by everyone using the add-on). */
export const SPREADSHEET_ID_PROPERTY = 'HOLDFAST_SPREADSHEET_ID';
