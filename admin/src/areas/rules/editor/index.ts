/** The rule editor: every part of a rule as a form, and a JSON tab over the same value. */
export { RuleEditor } from './rule-editor';
export { checkRule } from './checks';
export { switchTrigger } from './switch-trigger';
export type { Draft, SectionProps } from './draft';
