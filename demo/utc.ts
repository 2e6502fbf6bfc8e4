// Imported first by each entry point here (cli, gas, start): SheetJS captures the time zone offset
// when it loads, and Date cells must be written as the UTC dates the generator means, whatever zone
// the machine is in.
process.env.TZ = 'UTC';

export {};
