import type { chat_v1 } from '@googleapis/chat';
import type { ServiceEnv } from '../../../runtime/world';
import { AS_JSON, bool, CardObject, fail, mismatch, required, str } from '../base';
import { EnumValue } from '../enums';
import type { OpenLinkJson } from '../types';
import { enumOf, fieldsOf, refine, store, withSetters } from './setters';

type ActionJson = chat_v1.Schema$GoogleAppsCardV1Action;

/**
 * Card JSON carries "a list of string parameters" (ActionParameter.value is a string), and Apps
 * Script refuses other values; refusing them here, at the call, points at the culprit. The map is
 * copied, so later changes to the object do not reach the card.
 */
function stringParameters(obj: CardObject, method: string, parameters: unknown): Array<{ key: string; value: string }> {
  if (
    parameters === null ||
    typeof parameters !== 'object' ||
    Array.isArray(parameters) ||
    parameters instanceof CardObject ||
    parameters instanceof EnumValue
  ) {
    mismatch(obj, method, [parameters]);
  }
  const list: Array<{ key: string; value: string }> = [];
  for (const [key, value] of Object.entries(parameters)) {
    if (typeof value !== 'string') {
      fail(
        obj,
        `Invalid argument: parameters. The value of "${key}" is ${value === null ? 'null' : typeof value}; CardService.Action.setParameters takes only string values.`,
      );
    }
    list.push({ key, value });
  }
  return list;
}

const ACTION = {
  setFunctionName: store('functionName', str),
  setParameters: store('parameters', stringParameters),
  setLoadIndicator: store('loadIndicator', enumOf('LoadIndicator')),
  setPersistValues: store('persistValues', bool),
};

export class Action extends withSetters(CardObject, ACTION) {
  constructor(env: ServiceEnv) {
    super(env, 'Action');
  }

  [AS_JSON](): ActionJson {
    const f = fieldsOf<typeof ACTION>(this);
    const json: ActionJson = {
      function: required(this, f.functionName, 'Action must have a function name (setFunctionName).'),
    };
    if (f.parameters) json.parameters = f.parameters.map((p) => ({ ...p }));
    if (f.loadIndicator) json.loadIndicator = f.loadIndicator;
    if (f.persistValues !== undefined) json.persistValues = f.persistValues;
    return json;
  }
}

const OPEN_LINK = {
  setUrl: store('url', str),
  setOpenAs: store('openAs', enumOf('OpenAs')),
  setOnClose: store(
    'onClose',
    refine(enumOf('OnClose'), (v) => (v === 'RELOAD_ADD_ON' ? 'RELOAD' : v)),
  ),
};

export class OpenLink extends withSetters(CardObject, OPEN_LINK) {
  constructor(env: ServiceEnv) {
    super(env, 'OpenLink');
  }

  [AS_JSON](): OpenLinkJson {
    const f = fieldsOf<typeof OPEN_LINK>(this);
    const json: OpenLinkJson = { url: required(this, f.url, 'OpenLink must have a URL (setUrl).') };
    if (f.openAs) json.openAs = f.openAs;
    if (f.onClose) json.onClose = f.onClose;
    return json;
  }
}
