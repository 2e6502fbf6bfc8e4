import { parseFlags, UsageError } from '../../emulator/args';
import { parseArgs as parseGasArgs } from '../../emulator/cli';
import { parsePreviewArgs } from '../../emulator/preview/server';

const options = { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;
const parse = (args: string[]) => parseFlags({ args, options, strict: true });
const messageOf = (args: string[]): string => {
  try {
    parse(args);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`${args.join(' ')} was accepted`);
};

describe('the command-line parser shared by the CLIs', () => {
  it('reads values given apart or with =, keeping any = inside the value', () => {
    expect(parse(['--out', 'a.xlsx']).values).toEqual({ out: 'a.xlsx' });
    expect(parse(['--out=a=b.xlsx', '-h']).values).toEqual({ out: 'a=b.xlsx', help: true });
  });

  it('says what is wrong in one short line', () => {
    expect(messageOf(['--bogus', '1'])).toBe('unknown option --bogus');
    expect(messageOf(['--bogus=1'])).toBe('unknown option --bogus');
    expect(messageOf(['-x'])).toBe('unknown option -x');
    expect(messageOf(['--out'])).toBe('--out needs a value');
    expect(messageOf(['--out', '--help'])).toBe('--out needs a value (write --out=-… for one starting with -)');
    expect(messageOf(['--help=yes'])).toBe('--help takes no value');
    expect(messageOf(['stray'])).toBe('unexpected argument "stray"');
  });

  it('gas keeps the command first and takes positional arguments after it', () => {
    expect(parseGasArgs(['call', 'onHomepage', '--workbook', 'crm.xlsx'])).toEqual({
      command: 'call',
      positional: ['onHomepage'],
      flags: { workbook: 'crm.xlsx' },
    });
    expect(parseGasArgs([]).command).toBe('help');
    expect(parseGasArgs(['--help']).command).toBe('--help');
    expect(() => parseGasArgs(['call', 'f', '--wrokbook', 'x'])).toThrow('unknown option --wrokbook');
  });

  it('the preview takes flags only, with PORT as the fallback port', () => {
    expect(parsePreviewArgs(['-h'])).toEqual({ help: true });
    expect(parsePreviewArgs(['--workbook', 'crm.xlsx'], { PORT: '9090' })).toMatchObject({
      port: 9090,
      workbook: 'crm.xlsx',
    });
    expect(() => parsePreviewArgs(['crm.xlsx'])).toThrow('unexpected argument "crm.xlsx"');
    expect(() => parsePreviewArgs(['--port', 'x'])).toThrow('--port must be a port number, not "x"');
  });
});
