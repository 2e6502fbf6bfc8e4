import type { ServiceEnv } from '../runtime/world';
import { nameEnum, signatureError } from './signature';
import { type GasEnum, makeEnum } from './utilities';

/**
 * ContentService: text a web app serves as it is. Google does not serve it from script.google.com but
 * redirects the browser to a one-time URL on script.googleusercontent.com ("Instead, the browser is
 * redirected to googleusercontent.com, which will display it without any further sanitization");
 * the emulator answers with the content directly.
 */

/** The MimeType reference lists these six (ATOM, RSS and XML are gone from it). */
export const MimeType = makeEnum(['CSV', 'ICAL', 'JAVASCRIPT', 'JSON', 'TEXT', 'VCARD'] as const);
nameEnum(MimeType, 'ContentService.MimeType');

/** The Content-Type each is served with (the reference names the types, not the headers). */
export const MIME_TYPES: Record<keyof typeof MimeType, string> = {
  CSV: 'text/csv',
  ICAL: 'text/calendar',
  JAVASCRIPT: 'application/javascript',
  JSON: 'application/json',
  TEXT: 'text/plain',
  VCARD: 'text/vcard',
};

/** What a web app serves for a TextOutput its doGet/doPost returned. */
export interface TextPage {
  kind: 'text';
  content: string;
  mimeType: keyof typeof MimeType;
  /** downloadAsFile: the browser is told to download it under this name. */
  fileName: string | null;
}

interface TextState {
  env: ServiceEnv;
  content: string;
  mimeType: GasEnum;
  fileName: string | null;
}

const outputs = new WeakMap<object, TextState>();

/** The text a TextOutput holds, or null for any other value. */
export function textPageOf(value: unknown): TextPage | null {
  const s = value !== null && typeof value === 'object' ? outputs.get(value) : undefined;
  if (!s) return null;
  return {
    kind: 'text',
    content: s.content,
    mimeType: s.mimeType.name() as TextPage['mimeType'],
    fileName: s.fileName,
  };
}

/**
 * Characters a download's file name may not hold. The reference says downloadAsFile throws "if the
 * filename contains illegal characters" without listing them: these are the ones no common file
 * system or Content-Disposition header takes.
 */
const ILLEGAL_FILE_NAME = /[/\\:*?"<>|]/;
const hasControlCharacter = (s: string) => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

class TextOutput {
  constructor(env: ServiceEnv, content: string) {
    outputs.set(this, { env, content, mimeType: MimeType.TEXT, fileName: null });
  }

  #state(method: string): TextState {
    const state = outputs.get(this)!;
    state.env.exec.charge(`TextOutput.${method}`);
    return state;
  }

  #string(method: string, v: unknown): { state: TextState; value: string } {
    const state = this.#state(method);
    if (typeof v !== 'string') throw signatureError(state.env.realm, `ContentService.TextOutput.${method}`, [v]);
    return { state, value: v };
  }

  append(addedContent: unknown): TextOutput {
    const { state, value } = this.#string('append', addedContent);
    state.content += value;
    return this;
  }
  clear(): TextOutput {
    this.#state('clear').content = '';
    return this;
  }
  getContent(): string {
    return this.#state('getContent').content;
  }
  setContent(content: unknown): TextOutput {
    const { state, value } = this.#string('setContent', content);
    state.content = value;
    return this;
  }
  getMimeType(): GasEnum {
    return this.#state('getMimeType').mimeType;
  }
  /** "The default is plain text." */
  setMimeType(mimeType: unknown): TextOutput {
    const state = this.#state('setMimeType');
    if (!Object.values(MimeType).includes(mimeType as GasEnum))
      throw signatureError(state.env.realm, 'ContentService.TextOutput.setMimeType', [mimeType]);
    state.mimeType = mimeType as GasEnum;
    return this;
  }
  /** "Setting this to null will clear it back to the default behavior of displaying rather than downloading." */
  downloadAsFile(filename: unknown): TextOutput {
    const state = this.#state('downloadAsFile');
    if (filename === null) {
      state.fileName = null;
      return this;
    }
    if (typeof filename !== 'string')
      throw signatureError(state.env.realm, 'ContentService.TextOutput.downloadAsFile', [filename]);
    if (filename === '' || ILLEGAL_FILE_NAME.test(filename) || hasControlCharacter(filename))
      throw state.env.realm.exception(`Invalid argument: filename "${filename}" contains illegal characters`);
    state.fileName = filename;
    return this;
  }
  /** "Returns the file name to download this file as, or null if it should be displayed rather than downloaded." */
  getFileName(): string | null {
    return this.#state('getFileName').fileName;
  }
  toString(): string {
    return 'TextOutput';
  }
}

export function createContentService(env: ServiceEnv) {
  const { exec, realm } = env;
  return {
    MimeType,
    createTextOutput(content?: unknown): TextOutput {
      exec.charge('ContentService.createTextOutput');
      if (content === undefined) return new TextOutput(env, '');
      if (typeof content !== 'string') throw signatureError(realm, 'ContentService.createTextOutput', [content]);
      return new TextOutput(env, content);
    },
    toString(): string {
      return 'ContentService';
    },
  };
}
