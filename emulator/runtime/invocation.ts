import type { Manifest } from './runtime';

/**
 * What Google expects a function to return, by how it was called. The manifest says which functions
 * are triggers; anything else run as a card execution is a widget's callback.
 * - homepageTrigger, contextualTriggers and composeTrigger selectActions: a Card or an array of Cards
 *   ("Build a Card", add-on triggers reference);
 * - universalActions runFunction: a UniversalActionResponse (UniversalActionResponseBuilder reference:
 *   "the response object for a universal action's run function");
 * - a widget's Action callback: an ActionResponse, or in a compose card an UpdateDraftActionResponse
 *   (or the older ComposeActionResponse).
 * Gmail shows an error for anything else, so the emulator refuses it rather than render it.
 */
export type Returned =
  | 'Card'
  | 'Card[]'
  | 'ActionResponse'
  | 'UniversalActionResponse'
  | 'UpdateDraftActionResponse'
  | 'ComposeActionResponse'
  | 'other';

interface AddOnManifest {
  addOns?: {
    common?: { homepageTrigger?: { runFunction?: string }; universalActions?: Array<{ runFunction?: string }> };
    gmail?: {
      homepageTrigger?: { runFunction?: string };
      contextualTriggers?: Array<{ onTriggerFunction?: string }>;
      composeTrigger?: { selectActions?: Array<{ runFunction?: string }> };
    };
  };
}

export function expectedReturns(manifest: Manifest, fn: string): { how: string; allowed: Returned[] } | null {
  const addOns = (manifest as AddOnManifest).addOns;
  // A script with no add-on in its manifest (the emulator's own tests) has no such rule.
  if (!addOns) return null;
  const triggers = [
    addOns.common?.homepageTrigger?.runFunction,
    addOns.gmail?.homepageTrigger?.runFunction,
    ...(addOns.gmail?.contextualTriggers ?? []).map((t) => t.onTriggerFunction),
    ...(addOns.gmail?.composeTrigger?.selectActions ?? []).map((a) => a.runFunction),
  ];
  if (triggers.includes(fn)) return { how: 'an add-on trigger', allowed: ['Card', 'Card[]'] };
  if ((addOns.common?.universalActions ?? []).some((a) => a.runFunction === fn))
    return { how: 'a universal action', allowed: ['UniversalActionResponse'] };
  return {
    how: 'a widget action',
    allowed: ['ActionResponse', 'UpdateDraftActionResponse', 'ComposeActionResponse'],
  };
}
